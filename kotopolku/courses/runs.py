"""The timetable run's solve (docs/courses.md, "Timetable runs"): the quarter's input, the
engine in a thread, progress and the stop flag through the run's row, the result as JSON.

The facilities (rooms, facilitators, interpreters, slots, integration-training blocks) and the
demands come from the quarter TOML (`timetable/quarter_data.py`; the demo file by default,
`settings.KOTOPOLKU_TIMETABLE_QUARTER_FILE` to change it): there are no models for them yet.
Every database access stays in the task's own thread; the engine's thread touches no database.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from kotopolku.courses.models import TimetableRun
from kotopolku.courses.timetable import quarter as engine
from kotopolku.courses.timetable.quarter_data import DEMO, load_quarter

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25  # how often the task reads the stop flag
PROGRESS_SECONDS = 1.0  # at most one progress write a second

S = TimetableRun.Status


def quarter_code(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_file() -> Path:
    return Path(getattr(settings, "KOTOPOLKU_TIMETABLE_QUARTER_FILE", DEMO))


def load_input(code: str) -> engine.Quarter:
    """The quarter's input for the quarter code ("2027Q1"); QuarterError when the file holds
    another quarter."""
    q = load_quarter(quarter_file())
    have = quarter_code(q.start)
    if have != code:
        raise engine.QuarterError(
            f"quarter: no facilities for {code}: the quarter file holds {have} only"
        )
    return q


def session_key(demand: str, index: int) -> str:
    """A session of the result, as a pin names it: the demand key and the 1-based number."""
    return f"{demand}#{index + 1}"


def result_json(q: engine.Quarter, result: engine.QuarterResult) -> dict[str, Any]:
    demands = {d.key: d for d in q.demands}
    rooms = {r.key: r for r in q.rooms}
    facs = {f.key: f for f in q.facilitators}
    interps = {i.key: i for i in q.interpreters}
    sessions = []
    for s in sorted(result.sessions, key=lambda s: (s.slot, s.demand, s.index)):
        d = demands[s.demand]
        sessions.append(
            {
                "key": session_key(s.demand, s.index),
                "demand": s.demand,
                "index": s.index,
                "theme": d.theme,
                "language": d.language,
                "year": d.year,
                "group_size": d.group_size,
                "slot": s.slot,
                "date": s.date.isoformat(),
                "start": s.start,
                "end": s.end,
                "room": s.room,
                "room_name": rooms[s.room].name,
                "room_capacity": rooms[s.room].capacity,
                "municipality": rooms[s.room].municipality,
                "facilitator": s.facilitator,
                "facilitator_title": facs[s.facilitator].title,
                "interpreter": s.interpreter,
                "interpreter_title": interps[s.interpreter].title if s.interpreter else "",
            }
        )
    unplaced = []
    for u in result.unplaced:
        d = demands[u.demand]
        unplaced.append(
            {
                "demand": u.demand,
                "theme": d.theme,
                "language": d.language,
                "year": d.year,
                "reasons": list(u.reasons),
            }
        )
    return {
        "status": result.status,
        "sessions": sessions,
        "unplaced": unplaced,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "breakdown": dict(result.breakdown),
        "weights": dict(result.weights),
        "seconds": round(result.seconds, 2),
        "first_feasible_seconds": result.first_feasible_seconds,
        "optimal": result.optimal,
        "stopped": result.stopped,
        "phase": result.phase,
    }


def previous_sessions(run: TimetableRun) -> list[engine.Session]:
    """The sessions of the run the pins came from, as the engine's starting point."""
    source_id = (run.pins or {}).get("from_run")
    if not source_id:
        return []
    source = TimetableRun.objects.filter(pk=source_id).first()
    if source is None:
        return []
    return [
        engine.Session(
            demand=s["demand"],
            index=s["index"],
            slot=s["slot"],
            date=dt.date.fromisoformat(s["date"]),
            start=s["start"],
            end=s["end"],
            room=s["room"],
            facilitator=s["facilitator"],
            interpreter=s["interpreter"],
        )
        for s in (source.result or {}).get("sessions", [])
    ]


def pins_of(run: TimetableRun) -> list[engine.Pin]:
    return [
        engine.Pin(
            demand=p["demand"],
            session=p["session"],
            date=dt.date.fromisoformat(p["date"]),
            start=p["start"],
            room=p.get("room"),
            facilitator=p.get("facilitator"),
            interpreter=p.get("interpreter"),
        )
        for p in (run.pins or {}).get("pins", [])
    ]


def _rows(run_id: Any) -> Any:
    return TimetableRun.objects.filter(pk=run_id)


def _finish(run_id: Any, status: str, **fields: Any) -> None:
    _rows(run_id).update(status=status, finished_at=timezone.now(), **fields)


def execute(run_id: Any, *, workers: int = 2) -> None:
    """Solve the run's quarter (called by the task): running, progress at most once a second,
    the stop flag read every POLL_SECONDS, then the result (finished or stopped) or the error
    (failed)."""
    claimed = (
        _rows(run_id).filter(status=S.QUEUED).update(status=S.RUNNING, started_at=timezone.now())
    )
    if not claimed:
        return  # gone, or already taken by another worker
    run = TimetableRun.objects.get(pk=run_id)
    try:
        quarter = load_input(run.quarter)
        quarter.pins = pins_of(run)
        engine.validate(quarter)
        previous = previous_sessions(run)
    except engine.QuarterError as exc:
        _finish(run_id, S.FAILED, error=str(exc))
        return
    except OSError as exc:  # the quarter file is missing or unreadable
        log.warning("timetable run %s: no input: %r", run_id, exc)
        _finish(
            run_id, S.FAILED, error=f"quarter: the quarter file cannot be read ({exc.strerror})"
        )
        return
    stop = threading.Event()
    lock = threading.Lock()
    latest: dict[str, Any] = {}
    box: dict[str, Any] = {}

    def progress(entry: dict[str, Any]) -> None:  # the engine's thread: no database
        with lock:
            latest.update(entry)

    def work() -> None:
        try:
            box["result"] = engine.solve(
                quarter,
                float(run.time_limit),
                workers=workers,
                stop=stop,
                progress=progress,
                previous=previous,
            )
        except Exception as exc:  # reported on the row below
            box["error"] = exc

    started = time.monotonic()
    if _rows(run_id).filter(stop_requested=True).exists():
        stop.set()
    thread = threading.Thread(target=work, name=f"timetable-run-{run_id}", daemon=True)
    thread.start()
    written = 0.0
    while thread.is_alive():
        thread.join(POLL_SECONDS)
        if not stop.is_set() and _rows(run_id).filter(stop_requested=True).exists():
            stop.set()
        now = time.monotonic()
        if now - written >= PROGRESS_SECONDS:
            written = now
            with lock:
                snap = dict(latest)
            _rows(run_id).update(progress=_progress(snap, now - started))
    if "error" in box:
        failure = box["error"]
        log.warning("timetable run %s failed: %r", run_id, failure)
        message = (
            str(failure) if isinstance(failure, engine.QuarterError) else type(failure).__name__
        )
        _finish(run_id, S.FAILED, error=message)
        return
    result: engine.QuarterResult = box["result"]
    with lock:
        solutions = latest.get("solutions", 0)
    final = {
        "objective": result.objective,
        "bound": result.bound,
        "phase": result.phase,
        "solutions": solutions,
    }
    _finish(
        run_id,
        S.STOPPED if result.stopped else S.FINISHED,
        progress=_progress(final, result.seconds),
        result=result_json(quarter, result),
    )


def _progress(entry: dict[str, Any], elapsed: float) -> dict[str, Any]:
    objective, bound = entry.get("objective"), entry.get("bound")
    if entry.get("phase") == "relaxed" and objective is not None and "unplaced" in entry:
        # the relaxation's objective carries UNPLACED_COST per demand left out
        objective, bound = objective - entry["unplaced"] * engine.UNPLACED_COST, None
    return {
        "objective": objective,
        "bound": bound,
        "unplaced": entry.get("unplaced"),
        "phase": entry.get("phase"),
        "solutions": entry.get("solutions", 0),
        "elapsed": round(elapsed, 1),
        "updated_at": timezone.now().isoformat(),
    }
