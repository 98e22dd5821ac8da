"""Courses: group guidance, civic orientation and Finnish groups, and their timetable (issue 16)."""
