"""The ITC-2007 Track 3 file formats: instances (`.ctt`) and solutions.

A `.ctt` file has a header (Name, Courses, Rooms, Days, Periods_per_day, Curricula,
Constraints), then the sections COURSES (`ID TEACHER LECTURES MIN_DAYS STUDENTS`), ROOMS
(`ID CAPACITY`), CURRICULA (`ID N COURSE...`), UNAVAILABILITY_CONSTRAINTS (`COURSE DAY
PERIOD`) and `END.`. A solution has one line per lecture: `COURSE ROOM DAY PERIOD`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kotopolku.courses.timetable.problem import Course, Curriculum, Lecture, Problem, Room

HEADER_FIELDS = ("Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints")
SECTIONS = ("COURSES", "ROOMS", "CURRICULA", "UNAVAILABILITY_CONSTRAINTS")


class CttError(ValueError):
    """A malformed instance or solution file; names the line and the field."""

    def __init__(self, line: int | None, field: str, message: str) -> None:
        self.line = line
        self.field = field
        self.message = message
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{field}: {message}")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line:
            yield number, line


def _int(value: str, line: int, field: str, minimum: int = 0) -> int:
    try:
        number = int(value)
    except ValueError:
        raise CttError(line, field, f"expected a whole number, got {value!r}") from None
    if number < minimum:
        raise CttError(line, field, f"must be at least {minimum}, got {number}")
    return number


def parse_ctt(text: str) -> Problem:
    """Read an ITC-2007 `.ctt` instance; raise CttError naming the line and field on bad input."""
    lines = list(_lines(text))
    position = 0
    header: dict[str, tuple[int, str]] = {}
    while position < len(lines) and len(header) < len(HEADER_FIELDS):
        number, line = lines[position]
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in HEADER_FIELDS:
            break
        header[key.strip()] = (number, value.strip())
        position += 1
    for key in HEADER_FIELDS:
        if key not in header:
            raise CttError(
                lines[position][0] if position < len(lines) else None, key, "missing header field"
            )
    name = header["Name"][1]
    counts = {
        key: _int(header[key][1], header[key][0], key, minimum=1)
        for key in ("Courses", "Rooms", "Days", "Periods_per_day")
    }
    for key in ("Curricula", "Constraints"):
        counts[key] = _int(header[key][1], header[key][0], key)
    days, ppd = counts["Days"], counts["Periods_per_day"]

    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    ended = False
    for number, line in lines[position:]:
        if line == "END.":
            ended = True
            break
        if line.endswith(":"):
            title = line[:-1].strip()
            if title not in SECTIONS:
                raise CttError(number, "section", f"unknown section {title!r}")
            if title in sections:
                raise CttError(number, title, "section appears twice")
            current = title
            sections[title] = []
            continue
        if current is None:
            raise CttError(number, "section", f"a line outside any section: {line!r}")
        sections[current].append((number, line.split()))
    for title in SECTIONS:
        if title not in sections:
            raise CttError(None, title, "missing section")
    if not ended:
        raise CttError(None, "END.", "missing end marker")

    def check_count(title: str, key: str) -> None:
        found = len(sections[title])
        if found != counts[key]:
            raise CttError(header[key][0], key, f"says {counts[key]} but {title} has {found} lines")

    courses: list[Course] = []
    course_ids: dict[str, int] = {}
    for number, parts in sections["COURSES"]:
        if len(parts) != 5:
            raise CttError(number, "COURSES", "expected ID TEACHER LECTURES MIN_DAYS STUDENTS")
        cid, teacher = parts[0], parts[1]
        if cid in course_ids:
            raise CttError(number, "COURSES", f"course {cid} appears twice")
        lectures = _int(parts[2], number, "lectures", minimum=1)
        if lectures > days * ppd:
            raise CttError(number, "lectures", f"{lectures} lectures but only {days * ppd} periods")
        min_days = _int(parts[3], number, "min_days")
        if min_days > days:
            raise CttError(number, "min_days", f"{min_days} working days but only {days} days")
        students = _int(parts[4], number, "students")
        course_ids[cid] = len(courses)
        courses.append(Course(cid, teacher, lectures, min_days, students))
    check_count("COURSES", "Courses")

    rooms: list[Room] = []
    room_ids: set[str] = set()
    for number, parts in sections["ROOMS"]:
        if len(parts) != 2:
            raise CttError(number, "ROOMS", "expected ID CAPACITY")
        if parts[0] in room_ids:
            raise CttError(number, "ROOMS", f"room {parts[0]} appears twice")
        capacity = _int(parts[1], number, "capacity", minimum=1)
        room_ids.add(parts[0])
        rooms.append(Room(parts[0], capacity))
    check_count("ROOMS", "Rooms")

    curricula: list[Curriculum] = []
    curriculum_ids: set[str] = set()
    for number, parts in sections["CURRICULA"]:
        if len(parts) < 2:
            raise CttError(number, "CURRICULA", "expected ID N COURSE...")
        size = _int(parts[1], number, "curriculum size", minimum=1)
        members = parts[2:]
        if len(members) != size:
            raise CttError(
                number, "curriculum size", f"says {size} but lists {len(members)} courses"
            )
        if parts[0] in curriculum_ids:
            raise CttError(number, "CURRICULA", f"curriculum {parts[0]} appears twice")
        indices = []
        for member in members:
            if member not in course_ids:
                raise CttError(number, "course", f"unknown course {member!r}")
            indices.append(course_ids[member])
        if len(set(indices)) != len(indices):
            raise CttError(number, "course", "a course listed twice in one curriculum")
        curriculum_ids.add(parts[0])
        curricula.append(Curriculum(parts[0], tuple(indices)))
    check_count("CURRICULA", "Curricula")

    unavailable: set[tuple[int, int]] = set()
    for number, parts in sections["UNAVAILABILITY_CONSTRAINTS"]:
        if len(parts) != 3:
            raise CttError(number, "UNAVAILABILITY_CONSTRAINTS", "expected COURSE DAY PERIOD")
        if parts[0] not in course_ids:
            raise CttError(number, "course", f"unknown course {parts[0]!r}")
        day = _int(parts[1], number, "day")
        if day >= days:
            raise CttError(number, "day", f"day {day} outside 0..{days - 1}")
        slot = _int(parts[2], number, "period")
        if slot >= ppd:
            raise CttError(number, "period", f"period {slot} outside 0..{ppd - 1}")
        unavailable.add((course_ids[parts[0]], day * ppd + slot))
    check_count("UNAVAILABILITY_CONSTRAINTS", "Constraints")

    problem = Problem(name, days, ppd, courses, rooms, curricula, frozenset(unavailable))
    for index, course in enumerate(courses):
        free = sum(1 for p in range(problem.periods) if problem.available(index, p))
        if free < course.lectures:
            raise CttError(
                None,
                "UNAVAILABILITY_CONSTRAINTS",
                f"course {course.name} has {course.lectures} lectures but only {free} "
                "available periods",
            )
    return problem


def format_solution(problem: Problem, assignment: list[Lecture]) -> str:
    """The standard solution format: one line per lecture, `COURSE ROOM DAY PERIOD`."""
    ppd = problem.periods_per_day
    rows = sorted(assignment)
    return "".join(
        f"{problem.courses[c].name} {problem.rooms[r].name} {p // ppd} {p % ppd}\n"
        for c, p, r in rows
    )


def parse_solution(problem: Problem, text: str) -> list[Lecture]:
    """Read a solution in the standard format; raise CttError naming the line and field."""
    courses, rooms = problem.course_index(), problem.room_index()
    assignment: list[Lecture] = []
    for number, line in _lines(text):
        parts = line.split()
        if len(parts) != 4:
            raise CttError(number, "solution", "expected COURSE ROOM DAY PERIOD")
        if parts[0] not in courses:
            raise CttError(number, "course", f"unknown course {parts[0]!r}")
        if parts[1] not in rooms:
            raise CttError(number, "room", f"unknown room {parts[1]!r}")
        day = _int(parts[2], number, "day")
        if day >= problem.days:
            raise CttError(number, "day", f"day {day} outside 0..{problem.days - 1}")
        slot = _int(parts[3], number, "period")
        if slot >= problem.periods_per_day:
            raise CttError(
                number, "period", f"period {slot} outside 0..{problem.periods_per_day - 1}"
            )
        assignment.append(
            (courses[parts[0]], day * problem.periods_per_day + slot, rooms[parts[1]])
        )
    return assignment
