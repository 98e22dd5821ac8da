"""An independent ITC-2007 Track 3 checker, for the tests only.

Written from the competition rules (Di Gaspero, McCollum, Schaerf, tech. report
QUB/IEEE/Tech/ITC2007/CurriculumCTT/v1.0), sharing no code with kotopolku.courses.timetable:
it reads the `.ctt` text and the solution text itself and works on names, not indices.
"""

from __future__ import annotations

from collections import Counter, defaultdict


def read_instance(text: str) -> dict:
    header: dict[str, str] = {}
    section = None
    courses: dict[str, dict] = {}
    rooms: dict[str, int] = {}
    curricula: dict[str, list[str]] = {}
    unavailable: set[tuple[str, int, int]] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line == "END.":
            continue
        if line.endswith(":") and " " not in line:
            section = line[:-1]
            continue
        if section is None:
            key, _, value = line.partition(":")
            header[key.strip()] = value.strip()
            continue
        fields = line.split()
        if section == "COURSES":
            courses[fields[0]] = {
                "teacher": fields[1],
                "lectures": int(fields[2]),
                "min_days": int(fields[3]),
                "students": int(fields[4]),
            }
        elif section == "ROOMS":
            rooms[fields[0]] = int(fields[1])
        elif section == "CURRICULA":
            curricula[fields[0]] = fields[2:]
        elif section == "UNAVAILABILITY_CONSTRAINTS":
            unavailable.add((fields[0], int(fields[1]), int(fields[2])))
    return {
        "days": int(header["Days"]),
        "periods_per_day": int(header["Periods_per_day"]),
        "courses": courses,
        "rooms": rooms,
        "curricula": curricula,
        "unavailable": unavailable,
    }


def check(instance_text: str, solution_text: str) -> dict[str, int]:
    """Hard violations and weighted soft costs of a solution, by the ITC-2007 rules."""
    inst = read_instance(instance_text)
    rows = [line.split() for line in solution_text.splitlines() if line.strip()]
    lectures = [(c, r, int(d), int(s)) for c, r, d, s in rows]
    result = dict.fromkeys(
        (
            "lectures",
            "conflicts",
            "room_occupancy",
            "availability",
            "room_capacity",
            "min_working_days",
            "curriculum_compactness",
            "room_stability",
        ),
        0,
    )
    # H1 Lectures: every lecture scheduled, and the lectures of a course in distinct periods.
    per_course = Counter(c for c, _r, _d, _s in lectures)
    for name, course in inst["courses"].items():
        result["lectures"] += abs(course["lectures"] - per_course.get(name, 0))
    slots_of_course = Counter((c, d, s) for c, _r, d, s in lectures)
    result["lectures"] += sum(n - 1 for n in slots_of_course.values() if n > 1)
    # H2 Room occupancy: two lectures in one room in one period.
    in_room = Counter((r, d, s) for _c, r, d, s in lectures)
    result["room_occupancy"] = sum(n - 1 for n in in_room.values() if n > 1)
    # H3 Conflicts: lectures of one curriculum or one teacher in one period (pairs of courses).
    at_slot: dict[tuple[int, int], list[str]] = defaultdict(list)
    for c, _r, d, s in lectures:
        at_slot[(d, s)].append(c)
    for courses in at_slot.values():
        for i in range(len(courses)):
            for j in range(i + 1, len(courses)):
                a, b = courses[i], courses[j]
                if a == b:
                    continue
                same_teacher = inst["courses"][a]["teacher"] == inst["courses"][b]["teacher"]
                same_curriculum = any(
                    a in members and b in members for members in inst["curricula"].values()
                )
                if same_teacher or same_curriculum:
                    result["conflicts"] += 1
    # H4 Availability.
    result["availability"] = sum(1 for c, _r, d, s in lectures if (c, d, s) in inst["unavailable"])
    # S1 Room capacity: each student over capacity counts 1.
    for c, r, _d, _s in lectures:
        result["room_capacity"] += max(0, inst["courses"][c]["students"] - inst["rooms"][r])
    # S2 Minimum working days: each day below the minimum counts 5.
    for name, course in inst["courses"].items():
        days = {d for c, _r, d, _s in lectures if c == name}
        result["min_working_days"] += 5 * max(0, course["min_days"] - len(days))
    # S3 Curriculum compactness: a lecture with no lecture of its curriculum in the period
    # before or after on the same day counts 2.
    for members in inst["curricula"].values():
        slots = [(d, s) for c, _r, d, s in lectures if c in members]
        taken = set(slots)
        for d, s in slots:
            if (d, s - 1) not in taken and (d, s + 1) not in taken:
                result["curriculum_compactness"] += 2
    # S4 Room stability: each room beyond the first of a course counts 1.
    for name in inst["courses"]:
        rooms = {r for c, r, _d, _s in lectures if c == name}
        result["room_stability"] += max(0, len(rooms) - 1)
    hard = ("lectures", "conflicts", "room_occupancy", "availability")
    soft = ("room_capacity", "min_working_days", "curriculum_compactness", "room_stability")
    result["hard"] = sum(result[k] for k in hard)
    result["soft"] = sum(result[k] for k in soft)
    return result
