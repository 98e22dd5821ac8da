"""An independent checker of the quarterly timetable's hard constraints (issue 16, item 3).

Written from the rules, not from the solver's model: it reads the Quarter's plain fields and the
sessions' dates and clock times (overlap by time, not by slot index), and re-derives every
availability, block and language rule itself. `violations(...)` lists what is broken; an empty
list means the timetable keeps every hard constraint.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence

from kotopolku.courses.timetable.quarter import Availability, Quarter, Session


def _mins(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _free(a: Availability, day: dt.date, start: str) -> bool:
    ok = not a.weekdays or day.weekday() in a.weekdays
    ok = ok and (not a.times or start in a.times)
    ok = ok and (not a.periods or any(first <= day <= last for first, last in a.periods))
    for first, last in a.absences:
        if first <= day <= last:
            ok = False
    return ok


def violations(q: Quarter, sessions: Sequence[Session], unplaced: Iterable[str] = ()) -> list[str]:
    out: list[str] = []
    demands = {d.key: d for d in q.demands}
    rooms = {r.key: r for r in q.rooms}
    facs = {f.key: f for f in q.facilitators}
    interps = {i.key: i for i in q.interpreters}
    last_day = q.start + dt.timedelta(days=7 * q.weeks - 1)
    times = set(q.times)
    usage: dict[tuple[str, str], list[Session]] = defaultdict(list)
    per_demand: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        name = f"{s.demand} #{s.index + 1}"
        d = demands.get(s.demand)
        room = rooms.get(s.room)
        fac = facs.get(s.facilitator)
        interp = interps.get(s.interpreter) if s.interpreter else None
        if d is None or room is None or fac is None or (s.interpreter and interp is None):
            out.append(f"{name}: refers to something unknown")
            continue
        per_demand[s.demand].append(s)
        if not (q.start <= s.date <= last_day) or s.date in q.holidays:
            out.append(f"{name}: date {s.date} is not a working day of the quarter")
        if s.date.weekday() not in q.weekdays or (s.start, s.end) not in times:
            out.append(f"{name}: {s.date} {s.start}-{s.end} is not a slot")
        usage["room", room.key].append(s)
        usage["facilitator", fac.key].append(s)
        usage["cohort", f"{d.language}/{d.year}"].append(s)
        if interp is not None:
            usage["interpreter", interp.key].append(s)
        if not _free(room.availability, s.date, s.start):
            out.append(f"{name}: room {room.key} unavailable")
        if not _free(fac.availability, s.date, s.start):
            out.append(f"{name}: facilitator {fac.key} unavailable")
        if interp is not None and not _free(interp.availability, s.date, s.start):
            out.append(f"{name}: interpreter {interp.key} unavailable")
        if room.capacity < d.group_size:
            out.append(f"{name}: room {room.key} holds {room.capacity} < {d.group_size}")
        if d.municipalities and room.municipality not in d.municipalities:
            out.append(f"{name}: room outside the demand's municipalities")
        if fac.municipalities and room.municipality not in fac.municipalities:
            out.append(f"{name}: facilitator does not work in {room.municipality}")
        if d.language in fac.languages:
            if interp is not None:
                out.append(f"{name}: an interpreter where none is needed")
        elif interp is None:
            out.append(f"{name}: facilitator does not speak {d.language} and no interpreter")
        elif d.language not in interp.languages or not (set(interp.languages) - {d.language}) & set(
            fac.languages
        ):
            out.append(f"{name}: interpreter cannot bridge {d.language} and the facilitator")
        for block in q.blocks:
            applies = (
                (not d.municipalities or block.municipality in d.municipalities)
                and (not block.languages or d.language in block.languages)
                and (not block.years or d.year in block.years)
            )
            if applies and _free(block.availability, s.date, s.start):
                out.append(f"{name}: clashes with integration training in {block.municipality}")
    for (kind, key), used in usage.items():
        used = sorted(used, key=lambda s: (s.date, _mins(s.start)))
        for a, b in itertools.pairwise(used):
            if a.date == b.date and _mins(b.start) < _mins(a.end):
                out.append(f"{kind} {key} double-booked on {a.date} at {b.start}")
    for f in q.facilitators:
        count = len(usage.get(("facilitator", f.key), []))
        if f.max_sessions is not None and count > f.max_sessions:
            out.append(f"facilitator {f.key}: {count} sessions > {f.max_sessions}")
    skipped = set(unplaced)
    for d in q.demands:
        got = sorted(per_demand.get(d.key, []), key=lambda s: s.index)
        if d.key in skipped:
            if got:
                out.append(f"{d.key}: listed unplaced but has sessions")
            continue
        if [s.index for s in got] != list(range(d.sessions)):
            out.append(f"{d.key}: {len(got)} of {d.sessions} session(s) placed")
        for a, b in itertools.pairwise(got):
            if (b.date, _mins(b.start)) <= (a.date, _mins(a.start)):
                out.append(f"{d.key}: session {b.index + 1} is not after session {a.index + 1}")
    for pin in q.pins:
        if pin.demand in skipped:
            continue
        match = [s for s in per_demand.get(pin.demand, []) if s.index == pin.session]
        s = match[0] if match else None
        if (
            s is None
            or (s.date, s.start) != (pin.date, pin.start)
            or pin.room not in (None, s.room)
            or pin.facilitator not in (None, s.facilitator)
            or pin.interpreter not in (None, s.interpreter)
        ):
            out.append(f"pin {pin.demand} #{pin.session + 1} not honoured")
    return out
