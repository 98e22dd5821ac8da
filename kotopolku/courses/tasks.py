"""Background work of courses: the timetable run's solve (`courses.runs.execute`)."""

from __future__ import annotations

from django_tasks import task

from kotopolku.courses import runs


@task()
def solve_timetable_run(run_id: str) -> None:
    """Solve one queued timetable run; progress, stop and result go through its row."""
    runs.execute(run_id)
