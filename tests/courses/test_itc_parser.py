"""Reading .ctt instances and solutions: every bad input names its line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kotopolku.courses.timetable.itc2007 import (
    CttError,
    format_solution,
    parse_ctt,
    parse_solution,
)
from tests.courses.instances import SMALL, ctt

DATA = Path(__file__).resolve().parents[2] / "bench" / "data" / "itc2007" / "ctt"


def test_small_instance_is_read() -> None:
    problem = parse_ctt(SMALL)
    assert (problem.days, problem.periods_per_day, problem.periods) == (3, 4, 12)
    assert [c.name for c in problem.courses] == ["cA", "cB", "cC", "cD", "cE"]
    assert problem.courses[0].lectures == 3 and problem.courses[0].min_days == 2
    assert problem.rooms[2].capacity == 40
    assert [problem.courses[c].name for c in problem.curricula[1].courses] == ["cC", "cD", "cE"]
    assert problem.unavailable == {(0, 0), (4, 1 * 4 + 2)}
    # cA and cC share teacher tA; cA and cB share q1.
    assert problem.conflicts[0] == {1, 2}


def test_comp01_is_read() -> None:
    problem = parse_ctt((DATA / "comp01.ctt").read_text())
    assert (len(problem.courses), len(problem.rooms), len(problem.curricula)) == (30, 6, 14)
    assert (problem.days, problem.periods_per_day) == (5, 6)
    assert len(problem.unavailable) == 53
    assert problem.total_lectures == 160


def test_all_21_instances_are_read() -> None:
    names = sorted(p.stem for p in DATA.glob("*.ctt"))
    assert names == [f"comp{n:02d}" for n in range(1, 22)]
    for name in names:
        assert parse_ctt((DATA / f"{name}.ctt").read_text()).courses


def error(text: str) -> CttError:
    with pytest.raises(CttError) as caught:
        parse_ctt(text)
    return caught.value


def test_missing_section() -> None:
    text = SMALL.replace("ROOMS:", "").replace("R1 30\nR2 20\nR3 40\n", "")
    exc = error(text)
    assert exc.field == "ROOMS" and "missing section" in str(exc)


def test_missing_header_field() -> None:
    exc = error(SMALL.replace("Days: 3\n", ""))
    assert exc.field == "Days"
    assert "missing header field" in str(exc)


def test_room_of_capacity_zero() -> None:
    exc = error(SMALL.replace("R2 20", "R2 0"))
    assert (exc.line, exc.field) == (SMALL.splitlines().index("R2 20") + 1, "capacity")
    assert "at least 1" in str(exc)


def test_unavailability_outside_the_week() -> None:
    exc = error(SMALL.replace("cE 1 2", "cE 3 2"))
    assert exc.field == "day" and exc.line == SMALL.splitlines().index("cE 1 2") + 1
    exc = error(SMALL.replace("cE 1 2", "cE 1 4"))
    assert exc.field == "period" and "outside 0..3" in str(exc)


def test_unknown_course_in_curriculum() -> None:
    exc = error(SMALL.replace("q1 2 cA cB", "q1 2 cA cX"))
    assert exc.field == "course" and "cX" in str(exc)


def test_count_does_not_match() -> None:
    exc = error(SMALL.replace("Courses: 5", "Courses: 6"))
    assert exc.field == "Courses" and exc.line == 2
    exc = error(SMALL.replace("q1 2 cA cB", "q1 3 cA cB"))
    assert exc.field == "curriculum size"


def test_not_a_number() -> None:
    exc = error(SMALL.replace("cB tB 2 2 20", "cB tB two 2 20"))
    assert exc.field == "lectures" and "'two'" in str(exc)


def test_missing_end_and_unknown_section() -> None:
    assert error(SMALL.replace("END.", "")).field == "END."
    assert error(SMALL.replace("ROOMS:", "HALLS:")).field == "section"


def test_more_lectures_than_available_periods() -> None:
    text = ctt(
        ["cA tA 2 1 10"], ["R1 10"], unavailable=["cA 0 0", "cA 0 1"], days=1, periods_per_day=3
    )
    exc = error(text)
    assert exc.field == "UNAVAILABILITY_CONSTRAINTS" and "cA" in str(exc)


def test_solution_round_trip_and_errors() -> None:
    problem = parse_ctt(SMALL)
    assignment = [(0, 1, 0), (0, 5, 0), (1, 2, 1)]
    text = format_solution(problem, assignment)
    assert text.splitlines()[0] == "cA R1 0 1"
    assert text.splitlines()[1] == "cA R1 1 1"
    assert sorted(parse_solution(problem, text)) == sorted(assignment)
    with pytest.raises(CttError) as caught:
        parse_solution(problem, "cA R1 0 1\ncA R9 0 2\n")
    assert (caught.value.line, caught.value.field) == (2, "room")
    with pytest.raises(CttError) as caught:
        parse_solution(problem, "cA R1 0 7\n")
    assert caught.value.field == "period"


def test_instances_match_their_checksums() -> None:
    import hashlib

    sums = {}
    for line in (DATA.parents[1] / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        if name.startswith("itc2007/"):
            sums[name] = digest
    assert len(sums) == 21
    for name, digest in sums.items():
        assert hashlib.sha256((DATA.parents[1] / name).read_bytes()).hexdigest() == digest, name
