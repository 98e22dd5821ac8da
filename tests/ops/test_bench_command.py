"""`kotopolku bench NAME`: only the benchmarks of bench/, and a benchmark that cannot be imported
fails with its own error instead of reading as an unknown name."""

from __future__ import annotations

import sys

import pytest
from django.core.management import CommandError, call_command

from kotopolku.ops.management.commands.bench import BENCHMARKS


def test_an_unknown_benchmark_is_refused_naming_the_choices() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'nope'") as info:
        call_command("bench", "nope")
    for name in BENCHMARKS:
        assert name in str(info.value)


def test_a_missing_dependency_of_a_benchmark_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # bench.worklist's import fails (None in sys.modules makes `import` raise
    # ModuleNotFoundError, as a missing dependency inside it would): the real error surfaces,
    # not "no benchmark bench/worklist.py"
    monkeypatch.setitem(sys.modules, "bench.worklist", None)
    with pytest.raises(ImportError, match=r"bench\.worklist"):
        call_command("bench", "worklist", "--json")


@pytest.mark.django_db
def test_the_cpu_benchmark_builds_no_data_of_its_own() -> None:
    # `bench cpu` measures on data a `bench worklist` or `bench deadlines` run built; on an
    # empty database it says so instead of building or measuring an empty page
    with pytest.raises(SystemExit, match="no clients: fill the database"):
        call_command("bench", "cpu", "--json")
