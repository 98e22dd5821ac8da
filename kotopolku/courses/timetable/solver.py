"""Build a timetable with OR-Tools CP-SAT and large-neighbourhood search (docs/timetabling.md).

1. Periods: a CP-SAT model of boolean lecture-period variables per course, with the curriculum,
   teacher and unavailability constraints hard, at most as many lectures per period as rooms,
   and the minimum-working-days and isolated-lecture costs in the objective.
2. Rooms: a CP-SAT model that puts the lectures of those periods into rooms (capacity and
   room stability costs), one lecture per room and period.
3. Large-neighbourhood search for the rest of the time: free a neighbourhood (a few curricula,
   courses related through curricula and teachers, the costliest courses, the lectures of a
   pair of days, the lectures of a few rooms), re-solve it with everything else fixed and the
   incumbent as the hint, keep the result when it costs no more. The neighbourhood kinds are
   chosen adaptively by their recent success and the neighbourhood size follows whether the
   steps are solved to optimality.

`solve()` is stoppable (a threading.Event, checked by a watcher during each CP-SAT call) and
reports progress through a callback, for the background task of the courses app.
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from kotopolku.courses.timetable.problem import (
    WEIGHT_ISOLATED,
    WEIGHT_MIN_WORKING_DAYS,
    Cost,
    Lecture,
    Problem,
    evaluate,
)

NEIGHBOURHOODS = ("curricula", "related", "worst", "days", "rooms", "room_swap", "stability")


@dataclass
class SolveResult:
    assignment: list[Lecture]
    cost: Cost
    seconds: float
    first_feasible_seconds: float | None
    steps: int = 0
    improvements: int = 0
    stopped: bool = False
    history: list[tuple[float, int]] = field(default_factory=list)  # (elapsed s, soft cost)
    neighbourhoods: dict[str, dict[str, int]] = field(default_factory=dict)


Progress = Callable[[dict[str, Any]], None]


class _Watch:
    """Stop a running CP-SAT search when the caller's event is set."""

    def __init__(self, solver: cp_model.CpSolver, stop: threading.Event | None) -> None:
        self.solver, self.stop = solver, stop
        self.done = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> _Watch:
        if self.stop is not None:
            self.thread = threading.Thread(target=self._watch, daemon=True)
            self.thread.start()
        return self

    def _watch(self) -> None:
        assert self.stop is not None
        # Repeat the request: one made before the search has started is not kept.
        while not self.done.is_set():
            if self.stop.is_set():
                self.solver.stop_search()
            self.done.wait(0.02)

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()


def _solver(seconds: float, seed: int, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    return solver


def _isolated_terms(
    model: cp_model.CpModel, problem: Problem, occupancy: dict[int, Any]
) -> list[Any]:
    """Booleans that are 1 for an occupied period with no occupied neighbour on its day.

    `occupancy` maps period -> 0/1 constant or linear expression (missing periods are 0).
    """
    ppd = problem.periods_per_day
    terms: list[Any] = []
    for period, here in occupancy.items():
        slot = period % ppd
        before = occupancy.get(period - 1, 0) if slot > 0 else 0
        after = occupancy.get(period + 1, 0) if slot < ppd - 1 else 0
        if all(isinstance(v, int) for v in (here, before, after)):
            continue  # a constant: does not change in this model
        isolated = model.new_bool_var("")
        model.add(isolated >= here - before - after)
        terms.append(isolated)
    return terms


def _period_phase(
    problem: Problem,
    seconds: float,
    seed: int,
    workers: int,
    stop: threading.Event | None,
    feasible_seconds: float | None = None,
) -> list[list[int]] | None:
    """Periods for every course's lectures (no rooms yet), or None if none was found."""
    started = time.monotonic()
    feasible_seconds = feasible_seconds if feasible_seconds is not None else seconds
    model = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    for c, course in enumerate(problem.courses):
        for p in range(problem.periods):
            if problem.available(c, p):
                x[c, p] = model.new_bool_var("")
        model.add(sum(x[c, p] for p in range(problem.periods) if (c, p) in x) == course.lectures)
    groups = [list(u.courses) for u in problem.curricula]
    groups += [cs for cs in problem.teachers.values() if len(cs) > 1]
    for p in range(problem.periods):
        for group in groups:
            literals = [x[c, p] for c in group if (c, p) in x]
            if len(literals) > 1:
                model.add_at_most_one(literals)
        model.add(
            sum(x[c, p] for c in range(len(problem.courses)) if (c, p) in x) <= len(problem.rooms)
        )
    objective: list[Any] = []
    # Room capacity, without rooms: the rooms a course fits in (capacity >= students) are
    # nested, so a period's lectures fit their rooms iff, for every size s, no more lectures of
    # s or more students than rooms of capacity s or more meet there (Hall's condition). Each
    # lecture beyond that costs at least one student over capacity.
    fits: dict[int, int] = {}  # number of rooms that fit -> the smallest such class size
    for course in problem.courses:
        k = sum(1 for room in problem.rooms if room.capacity >= course.students)
        if k < len(problem.rooms):
            fits[k] = min(fits.get(k, course.students), course.students)
    for p in range(problem.periods):
        for k, size in fits.items():
            literals = [
                x[c, p]
                for c, course in enumerate(problem.courses)
                if course.students >= size and (c, p) in x
            ]
            if len(literals) > k:
                over = model.new_int_var(0, len(literals), "")
                model.add(sum(literals) <= k + over)
                objective.append(over)
    ppd = problem.periods_per_day
    for c, course in enumerate(problem.courses):
        if course.min_days <= 1:
            continue
        used = []
        for day in range(problem.days):
            literals = [x[c, p] for p in range(day * ppd, (day + 1) * ppd) if (c, p) in x]
            if literals:
                d = model.new_bool_var("")
                model.add(d <= sum(literals))
                used.append(d)
        short = model.new_int_var(0, course.min_days, "")
        model.add(sum(used) + short >= course.min_days)
        objective.append(WEIGHT_MIN_WORKING_DAYS * short)
    for u in problem.curricula:
        occupancy = {}
        for p in range(problem.periods):
            literals = [x[c, p] for c in u.courses if (c, p) in x]
            if literals:
                occupancy[p] = sum(literals)
        objective += [WEIGHT_ISOLATED * t for t in _isolated_terms(model, problem, occupancy)]
    # First any feasible placement (no objective: the search stops at the first solution, in
    # up to `feasible_seconds`), then the costs, from that placement as the hint.
    solver = _solver(feasible_seconds, seed, workers)
    with _Watch(solver, stop):
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    first = {key: solver.boolean_value(var) for key, var in x.items()}
    remaining = seconds - (time.monotonic() - started)
    if remaining > 0.1 and not (stop is not None and stop.is_set()):
        for key, var in x.items():
            model.add_hint(var, first[key])
        model.minimize(sum(objective))
        solver = _solver(remaining, seed, workers)
        with _Watch(solver, stop):
            status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            first = {key: solver.boolean_value(var) for key, var in x.items()}
    return [
        [p for p in range(problem.periods) if first.get((c, p), False)]
        for c in range(len(problem.courses))
    ]


def _room_phase(
    problem: Problem,
    periods: list[list[int]],
    seconds: float,
    seed: int,
    workers: int,
    stop: threading.Event | None,
) -> list[Lecture]:
    """Rooms for lectures whose periods are set: capacity and room stability costs."""
    model = cp_model.CpModel()
    rooms = range(len(problem.rooms))
    w: dict[tuple[int, int, int], Any] = {}
    objective: list[Any] = []
    by_room_period: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for c, course in enumerate(problem.courses):
        z = [model.new_bool_var("") for _ in rooms]
        model.add(sum(z) >= 1)
        objective.append(sum(z))
        for p in periods[c]:
            for r in rooms:
                var = model.new_bool_var("")
                w[c, p, r] = var
                by_room_period[p, r].append(var)
                model.add_implication(var, z[r])
                excess = course.students - problem.rooms[r].capacity
                if excess > 0:
                    objective.append(excess * var)
            model.add_exactly_one(w[c, p, r] for r in rooms)
    for literals in by_room_period.values():
        if len(literals) > 1:
            model.add_at_most_one(literals)
    greedy = _greedy_rooms(problem, periods)
    for key, var in w.items():
        model.add_hint(var, key in greedy)
    model.minimize(sum(objective))
    solver = _solver(seconds, seed, workers)
    with _Watch(solver, stop):
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [(c, p, r) for c, p, r in greedy]
    return [(c, p, r) for (c, p, r), var in w.items() if solver.boolean_value(var)]


def _greedy_rooms(problem: Problem, periods: list[list[int]]) -> set[Lecture]:
    """Rooms by a greedy rule: the largest classes first, each in its own preferred room (the
    smallest that fits) when free in the period, else the smallest free room that fits, else
    the largest free room. Needs at most as many lectures per period as rooms."""
    capacity = [room.capacity for room in problem.rooms]
    by_size = sorted(range(len(capacity)), key=lambda r: capacity[r])
    preferred = []
    for course in problem.courses:
        fitting = [r for r in by_size if capacity[r] >= course.students]
        preferred.append(fitting[0] if fitting else by_size[-1])
    taken: set[tuple[int, int]] = set()
    placed: set[Lecture] = set()
    order = sorted(range(len(problem.courses)), key=lambda c: -problem.courses[c].students)
    for c in order:
        students = problem.courses[c].students
        for p in periods[c]:
            if (p, preferred[c]) not in taken:
                room = preferred[c]
            else:
                free = [r for r in by_size if (p, r) not in taken]
                fitting = [r for r in free if capacity[r] >= students]
                room = fitting[0] if fitting else free[-1]
            taken.add((p, room))
            placed.add((c, p, room))
    return placed


def reoptimise(
    problem: Problem,
    incumbent: list[Lecture],
    free: Iterable[int],
    seconds: float,
    *,
    periods: set[int] | None = None,
    rooms: set[int] | None = None,
    keep_periods: bool = False,
    room_choice: int = 4,
    seed: int = 0,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> tuple[list[Lecture], bool] | None:
    """Re-place the lectures `free` (indices into `incumbent`) with all others fixed.

    The freed lectures may go to `periods` x `rooms`; when `rooms` is None, a course may use
    its present rooms and the `room_choice` smallest rooms it fits in (the largest rooms when
    it fits in fewer). With `keep_periods` the lectures keep their periods and only change
    rooms. Returns the new timetable and whether the sub-problem was solved to optimality, or
    None when no solution was found. The incumbent's placement is always a solution of the
    sub-model (and its hint), so a step never has to break a hard constraint.
    """
    free = set(free)
    fixed = [lecture for i, lecture in enumerate(incumbent) if i not in free]
    ppd = problem.periods_per_day
    n_free: dict[int, int] = defaultdict(int)
    freed_periods: dict[int, set[int]] = defaultdict(set)
    for i in free:
        n_free[incumbent[i][0]] += 1
        freed_periods[incumbent[i][0]].add(incumbent[i][1])
    room_busy = {(p, r) for _c, p, r in fixed}
    own_periods: dict[int, set[int]] = defaultdict(set)
    own_rooms: dict[int, set[int]] = defaultdict(set)
    busy_curriculum: dict[int, set[int]] = defaultdict(set)  # curriculum -> periods
    busy_teacher: dict[str, set[int]] = defaultdict(set)
    for c, p, r in fixed:
        own_periods[c].add(p)
        own_rooms[c].add(r)
        for u in problem.course_curricula[c]:
            busy_curriculum[u].add(p)
        busy_teacher[problem.courses[c].teacher].add(p)
    period_range = sorted(periods) if periods is not None else range(problem.periods)
    freed_rooms: dict[int, set[int]] = defaultdict(set)
    for i in free:
        freed_rooms[incumbent[i][0]].add(incumbent[i][2])

    model = cp_model.CpModel()
    x: dict[tuple[int, int, int], Any] = {}
    at: dict[tuple[int, int], list[Any]] = defaultdict(list)  # (course, period) -> literals
    by_room_period: dict[tuple[int, int], list[Any]] = defaultdict(list)
    objective: list[Any] = []
    for c, count in n_free.items():
        course = problem.courses[c]
        blocked = set(own_periods[c]) | busy_teacher[course.teacher]
        for u in problem.course_curricula[c]:
            blocked |= busy_curriculum[u]
        z: dict[int, Any] = {}
        course_literals: list[Any] = []
        if rooms is not None:
            room_range: Iterable[int] = sorted(rooms)
        else:
            room_range = sorted(
                set(_near_rooms(problem, c, room_choice)) | own_rooms[c] | freed_rooms[c]
            )
        for p in sorted(freed_periods[c]) if keep_periods else period_range:
            if p in blocked or not problem.available(c, p):
                continue
            for r in room_range:
                if (p, r) in room_busy:
                    continue
                var = model.new_bool_var("")
                x[c, p, r] = var
                course_literals.append(var)
                at[c, p].append(var)
                by_room_period[p, r].append(var)
                excess = course.students - problem.rooms[r].capacity
                if excess > 0:
                    objective.append(excess * var)
                if r not in own_rooms[c]:
                    if r not in z:
                        z[r] = model.new_bool_var("")
                    model.add_implication(var, z[r])
        objective += list(z.values())
        model.add(sum(course_literals) == count)
        # Minimum working days.
        fixed_days = {p // ppd for p in own_periods[c]}
        if course.min_days > len(fixed_days):
            used = []
            for day in range(problem.days):
                if day in fixed_days:
                    continue
                literals = [
                    v for p in range(day * ppd, (day + 1) * ppd) for v in at.get((c, p), [])
                ]
                if literals:
                    d = model.new_bool_var("")
                    model.add(d <= sum(literals))
                    used.append(d)
            need = course.min_days - len(fixed_days)
            short = model.new_int_var(0, need, "")
            model.add(sum(used) + short >= need)
            objective.append(WEIGHT_MIN_WORKING_DAYS * short)
    if not x:
        return None
    for literals in at.values():
        if len(literals) > 1:
            model.add_at_most_one(literals)
    for literals in by_room_period.values():
        if len(literals) > 1:
            model.add_at_most_one(literals)
    free_courses = set(n_free)
    groups = [
        list(problem.curricula[u].courses)
        for u in {u for c in free_courses for u in problem.course_curricula[c]}
    ]
    groups += [problem.teachers[t] for t in {problem.courses[c].teacher for c in free_courses}]
    for group in groups:
        members = [c for c in group if c in free_courses]
        if len(members) < 2:
            continue
        for p in range(problem.periods):
            literals = [v for c in members for v in at.get((c, p), [])]
            if len(literals) > 1:
                model.add_at_most_one(literals)
    # Isolated lectures of every curriculum that has a freed course.
    for u in {u for c in free_courses for u in problem.course_curricula[c]}:
        occupancy: dict[int, Any] = {p: 1 for p in busy_curriculum[u]}
        for p in range(problem.periods):
            literals = [v for c in problem.curricula[u].courses for v in at.get((c, p), [])]
            if literals:
                occupancy[p] = sum(literals)
        objective += [WEIGHT_ISOLATED * t for t in _isolated_terms(model, problem, occupancy)]
    # The incumbent's placement of the freed lectures as the hint.
    hinted = {(incumbent[i][0], incumbent[i][1], incumbent[i][2]) for i in free}
    for key, var in x.items():
        model.add_hint(var, key in hinted)
    model.minimize(sum(objective))
    solver = _solver(seconds, seed, workers)
    with _Watch(solver, stop):
        status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    placed = [key for key, var in x.items() if solver.boolean_value(var)]
    return fixed + placed, status == cp_model.OPTIMAL


def _near_rooms(problem: Problem, course: int, count: int) -> list[int]:
    """The `count` smallest rooms the course fits in, topped up with the largest others."""
    students = problem.courses[course].students
    by_size = sorted(range(len(problem.rooms)), key=lambda r: problem.rooms[r].capacity)
    fitting = [r for r in by_size if problem.rooms[r].capacity >= students][:count]
    if len(fitting) < count:
        others = [r for r in reversed(by_size) if r not in fitting]
        fitting += others[: count - len(fitting)]
    return fitting


class _Neighbourhoods:
    """Pick the lectures to free, adaptively among the kinds of NEIGHBOURHOODS."""

    def __init__(self, problem: Problem, rng: random.Random) -> None:
        self.problem, self.rng = problem, rng
        self.weights = dict.fromkeys(NEIGHBOURHOODS, 1.0)
        self.size = max(8, min(40, problem.total_lectures // 4))

    def choose(self) -> str:
        kinds = list(self.weights)
        return self.rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]

    def reward(self, kind: str, improved: bool, optimal: bool) -> None:
        self.weights[kind] = max(0.1, 0.8 * self.weights[kind] + 0.2 * (3.0 if improved else 0.3))
        self.size = int(min(200, max(6, self.size * (1.08 if optimal else 0.92))))

    def course_costs(self, assignment: list[Lecture]) -> list[float]:
        """Each course's share of the soft cost (for the "worst" neighbourhood)."""
        problem, ppd = self.problem, self.problem.periods_per_day
        cost = [0.1] * len(problem.courses)
        periods: dict[int, list[int]] = defaultdict(list)
        rooms: dict[int, set[int]] = defaultdict(set)
        by_period: dict[int, set[int]] = defaultdict(set)
        for c, p, r in assignment:
            periods[c].append(p)
            rooms[c].add(r)
            by_period[p].add(c)
            cost[c] += max(0, problem.courses[c].students - problem.rooms[r].capacity)
        for c, course in enumerate(problem.courses):
            days = {p // ppd for p in periods[c]}
            cost[c] += WEIGHT_MIN_WORKING_DAYS * max(0, course.min_days - len(days))
            cost[c] += len(rooms[c]) - 1
        for u in problem.curricula:
            members = set(u.courses)
            occupied = {p: members & cs for p, cs in by_period.items() if members & cs}
            for p, cs in occupied.items():
                slot = p % ppd
                if not ((slot > 0 and p - 1 in occupied) or (slot < ppd - 1 and p + 1 in occupied)):
                    for c in cs:
                        cost[c] += WEIGHT_ISOLATED
        return cost

    def _related_courses(self, start: int) -> list[int]:
        order, seen, queue = [], {start}, [start]
        while queue:
            c = queue.pop(0)
            order.append(c)
            others = list(self.problem.conflicts[c] - seen)
            self.rng.shuffle(others)
            seen.update(others)
            queue.extend(others)
        return order

    def pick(
        self, kind: str, assignment: list[Lecture]
    ) -> tuple[set[int], set[int] | None, set[int] | None, bool]:
        """(lecture indices to free, allowed periods or None, allowed rooms or None, whether
        the freed lectures keep their periods)."""
        problem, rng, size = self.problem, self.rng, self.size
        lectures_of: dict[int, list[int]] = defaultdict(list)
        for i, (c, _p, _r) in enumerate(assignment):
            lectures_of[c].append(i)
        chosen: list[int] = []

        def take_courses(courses: Iterable[int]) -> set[int]:
            free: set[int] = set()
            for c in courses:
                if len(free) >= size:
                    break
                free.update(lectures_of[c])
            return free

        if kind == "curricula":
            order = list(range(len(problem.curricula)))
            rng.shuffle(order)
            for u in order:
                chosen.extend(problem.curricula[u].courses)
            return take_courses(dict.fromkeys(chosen)), None, None, False
        if kind == "worst":
            costs = self.course_costs(assignment)
            pool = list(range(len(problem.courses)))
            while pool and sum(len(lectures_of[c]) for c in chosen) < size:
                c = rng.choices(pool, weights=[costs[c] ** 2 for c in pool])[0]
                pool.remove(c)
                chosen.append(c)
            return take_courses(chosen), None, None, False
        if kind == "related":
            start = rng.randrange(len(problem.courses))
            return take_courses(self._related_courses(start)), None, None, False
        ppd = problem.periods_per_day
        if kind == "stability":
            # Courses in more than one room: their lectures and every lecture that shares a
            # period with them in one of their rooms or the rooms they fit best, all keeping
            # their periods (an exact room reassignment of those periods).
            rooms_of: dict[int, set[int]] = defaultdict(set)
            for c, _p, r in assignment:
                rooms_of[c].add(r)
            scattered = [c for c, rs in rooms_of.items() if len(rs) > 1]
            rng.shuffle(scattered)
            at_slot = {(p, r): i for i, (_c, p, r) in enumerate(assignment)}
            chosen_lectures: set[int] = set()
            for c in scattered:
                if len(chosen_lectures) >= size:
                    break
                near = set(_near_rooms(problem, c, 3)) | rooms_of[c]
                for i in lectures_of[c]:
                    period = assignment[i][1]
                    chosen_lectures.add(i)
                    chosen_lectures.update(
                        at_slot[period, r] for r in near if (period, r) in at_slot
                    )
            return chosen_lectures, None, None, True
        if kind == "days":
            days = set(rng.sample(range(problem.days), min(2, problem.days)))
            periods = {p for p in range(problem.periods) if p // ppd in days}
            order = self._related_courses(rng.randrange(len(problem.courses)))
            rank = {c: i for i, c in enumerate(order)}
            inside = sorted(
                (i for i, (_c, p, _r) in enumerate(assignment) if p in periods),
                key=lambda i: rank.get(assignment[i][0], len(rank)),
            )
            return set(inside[:size]), periods, None, False
        # rooms: the lectures of a few rooms of similar capacity, moving among those rooms (and
        # in time); room_swap: more rooms, the lectures keeping their periods
        keep = kind == "room_swap"
        by_capacity = sorted(range(len(problem.rooms)), key=lambda r: problem.rooms[r].capacity)
        first = rng.randrange(len(by_capacity))
        rooms: set[int] = set()
        free: set[int] = set()
        for r in by_capacity[first:] + by_capacity[:first][::-1]:
            if len(free) >= (4 * size if keep else size) or len(rooms) >= (8 if keep else 4):
                break
            rooms.add(r)
            free.update(i for i, (_c, _p, room) in enumerate(assignment) if room == r)
        return free, None, rooms, keep


def solve(
    problem: Problem,
    time_limit: float,
    *,
    seed: int = 0,
    workers: int = 2,
    period_share: float = 0.15,
    step_seconds: float = 0.5,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
) -> SolveResult:
    """Build the best timetable found within `time_limit` seconds (or until `stop` is set)."""
    started = time.monotonic()

    def elapsed() -> float:
        return time.monotonic() - started

    def report(phase: str, cost: Cost | None, steps: int = 0) -> None:
        if progress is not None:
            progress(
                {
                    "phase": phase,
                    "elapsed": round(elapsed(), 2),
                    "time_limit": time_limit,
                    "cost": cost.soft if cost is not None else None,
                    "feasible": cost.feasible if cost is not None else False,
                    "steps": steps,
                }
            )

    report("periods", None)
    periods = _period_phase(
        problem, time_limit * period_share, seed, workers, stop, feasible_seconds=time_limit
    )
    if periods is None:  # no period assignment found in the time given
        return SolveResult(
            [], evaluate(problem, []), elapsed(), None, stopped=bool(stop and stop.is_set())
        )
    report("rooms", None)
    if stop is not None and stop.is_set():
        assignment = sorted(_greedy_rooms(problem, periods))
    else:
        room_seconds = max(0.2, min(2.0, time_limit * 0.05, time_limit - elapsed()))
        assignment = _room_phase(problem, periods, room_seconds, seed, workers, stop)
    cost = evaluate(problem, assignment)
    first = elapsed()
    result = SolveResult(assignment, cost, first, first, history=[(round(first, 2), cost.soft)])
    result.neighbourhoods = {k: {"steps": 0, "improved": 0} for k in NEIGHBOURHOODS}
    report("search", cost)
    rng = random.Random(seed)  # noqa: S311 (a search heuristic, not security)
    chooser = _Neighbourhoods(problem, rng)
    while not (stop and stop.is_set()):
        remaining = time_limit - elapsed()
        if remaining < 0.1 or cost.soft == 0:
            break
        kind = chooser.choose()
        free, allowed_periods, allowed_rooms, keep = chooser.pick(kind, assignment)
        outcome = reoptimise(
            problem,
            assignment,
            free,
            min(step_seconds, remaining),
            periods=allowed_periods,
            rooms=allowed_rooms,
            keep_periods=keep,
            seed=rng.randrange(1 << 30),
            workers=workers,
            stop=stop,
        )
        result.steps += 1
        result.neighbourhoods[kind]["steps"] += 1
        improved = False
        optimal = False
        if outcome is not None:
            candidate, optimal = outcome
            new_cost = evaluate(problem, candidate)
            if new_cost.feasible and new_cost.soft <= cost.soft:
                improved = new_cost.soft < cost.soft
                assignment, cost = candidate, new_cost
                if improved:
                    result.improvements += 1
                    result.neighbourhoods[kind]["improved"] += 1
                    result.history.append((round(elapsed(), 2), cost.soft))
        chooser.reward(kind, improved, optimal)
        report("search", cost, result.steps)
    result.assignment, result.cost = assignment, cost
    result.seconds = elapsed()
    result.stopped = bool(stop and stop.is_set())
    return result
