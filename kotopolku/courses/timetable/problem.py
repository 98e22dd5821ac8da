"""A curriculum-based course timetabling instance (ITC-2007 Track 3) and its cost function.

Periods are numbered day * periods_per_day + slot. A timetable ("assignment") is a list of
lectures, each (course index, period, room index).

The cost follows the ITC-2007 rules (Di Gaspero, McCollum, Schaerf 2007):
hard -- every lecture scheduled, in distinct periods per course; no two lectures of a curriculum
or a teacher in one period; one lecture per room and period; no lecture in a period its course
is unavailable in. Soft -- room capacity (students over capacity, x1), minimum working days
(days short of the minimum, x5), isolated lectures (a curriculum's lecture with no lecture of
the same curriculum in an adjacent period of the same day, x2), room stability (distinct rooms
of a course minus one, x1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

Lecture = tuple[int, int, int]  # (course, period, room)

WEIGHT_ROOM_CAPACITY = 1
WEIGHT_MIN_WORKING_DAYS = 5
WEIGHT_ISOLATED = 2
WEIGHT_ROOM_STABILITY = 1


@dataclass(frozen=True)
class Course:
    name: str
    teacher: str
    lectures: int
    min_days: int
    students: int


@dataclass(frozen=True)
class Room:
    name: str
    capacity: int


@dataclass(frozen=True)
class Curriculum:
    name: str
    courses: tuple[int, ...]


@dataclass
class Problem:
    name: str
    days: int
    periods_per_day: int
    courses: list[Course]
    rooms: list[Room]
    curricula: list[Curriculum]
    unavailable: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # (course, period)

    @property
    def periods(self) -> int:
        return self.days * self.periods_per_day

    @property
    def total_lectures(self) -> int:
        return sum(course.lectures for course in self.courses)

    @cached_property
    def course_curricula(self) -> list[list[int]]:
        """For each course, the curricula it belongs to."""
        result: list[list[int]] = [[] for _ in self.courses]
        for index, curriculum in enumerate(self.curricula):
            for course in curriculum.courses:
                result[course].append(index)
        return result

    @cached_property
    def teachers(self) -> dict[str, list[int]]:
        """Each teacher's courses."""
        result: dict[str, list[int]] = defaultdict(list)
        for index, course in enumerate(self.courses):
            result[course.teacher].append(index)
        return dict(result)

    @cached_property
    def conflicts(self) -> list[frozenset[int]]:
        """For each course, the other courses it may not share a period with."""
        result: list[set[int]] = [set() for _ in self.courses]
        groups = [list(c.courses) for c in self.curricula] + list(self.teachers.values())
        for group in groups:
            for course in group:
                result[course].update(group)
        for index, others in enumerate(result):
            others.discard(index)
        return [frozenset(others) for others in result]

    def available(self, course: int, period: int) -> bool:
        return (course, period) not in self.unavailable

    def course_index(self) -> dict[str, int]:
        return {course.name: index for index, course in enumerate(self.courses)}

    def room_index(self) -> dict[str, int]:
        return {room.name: index for index, room in enumerate(self.rooms)}


@dataclass
class Cost:
    """The hard violations and the weighted soft costs of a timetable."""

    unscheduled: int = 0  # lectures missing (or in excess) per course
    same_period: int = 0  # two lectures of one course in one period
    conflicts: int = 0  # pairs of lectures of one curriculum or teacher in one period
    room_occupancy: int = 0  # lectures beyond the first in a room and period
    unavailability: int = 0  # lectures in a period their course is unavailable in
    room_capacity: int = 0
    min_working_days: int = 0
    isolated_lectures: int = 0
    room_stability: int = 0

    @property
    def hard(self) -> int:
        return (
            self.unscheduled
            + self.same_period
            + self.conflicts
            + self.room_occupancy
            + self.unavailability
        )

    @property
    def feasible(self) -> bool:
        return self.hard == 0

    @property
    def soft(self) -> int:
        return (
            self.room_capacity
            + self.min_working_days
            + self.isolated_lectures
            + self.room_stability
        )

    def as_dict(self) -> dict[str, int | bool]:
        return {
            "feasible": self.feasible,
            "cost": self.soft,
            "hard_violations": self.hard,
            "unscheduled": self.unscheduled,
            "same_period": self.same_period,
            "conflicts": self.conflicts,
            "room_occupancy": self.room_occupancy,
            "unavailability": self.unavailability,
            "room_capacity": self.room_capacity,
            "min_working_days": self.min_working_days,
            "isolated_lectures": self.isolated_lectures,
            "room_stability": self.room_stability,
        }


def evaluate(problem: Problem, assignment: list[Lecture]) -> Cost:
    """Score a timetable by the ITC-2007 rules (each soft component already weighted)."""
    cost = Cost()
    ppd = problem.periods_per_day
    by_course: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_room_period: dict[tuple[int, int], int] = defaultdict(int)
    by_period: dict[int, list[int]] = defaultdict(list)
    for course, period, room in assignment:
        by_course[course].append((period, room))
        by_room_period[(room, period)] += 1
        by_period[period].append(course)
        if not problem.available(course, period):
            cost.unavailability += 1
        excess = problem.courses[course].students - problem.rooms[room].capacity
        if excess > 0:
            cost.room_capacity += WEIGHT_ROOM_CAPACITY * excess
    for room_count in by_room_period.values():
        cost.room_occupancy += room_count - 1
    for index, spec in enumerate(problem.courses):
        placed = by_course.get(index, [])
        cost.unscheduled += abs(spec.lectures - len(placed))
        periods = [period for period, _room in placed]
        cost.same_period += len(periods) - len(set(periods))
        days = {period // ppd for period in periods}
        if len(days) < spec.min_days:
            cost.min_working_days += WEIGHT_MIN_WORKING_DAYS * (spec.min_days - len(days))
        rooms = {room for _period, room in placed}
        if len(rooms) > 1:
            cost.room_stability += WEIGHT_ROOM_STABILITY * (len(rooms) - 1)
    # Conflicts: every pair of distinct courses in one period that share a curriculum or teacher.
    conflicts = problem.conflicts
    for courses in by_period.values():
        for i, first in enumerate(courses):
            for second in courses[i + 1 :]:
                if second != first and second in conflicts[first]:
                    cost.conflicts += 1
    # Isolated lectures, per curriculum.
    for curriculum in problem.curricula:
        members = set(curriculum.courses)
        occupied = {
            period for period, courses in by_period.items() if members.intersection(courses)
        }
        for period in occupied:
            slot = period % ppd
            before = slot > 0 and (period - 1) in occupied
            after = slot < ppd - 1 and (period + 1) in occupied
            if not before and not after:
                lectures = sum(1 for course in by_period[period] if course in members)
                cost.isolated_lectures += WEIGHT_ISOLATED * lectures
    return cost
