"""The course timetabling engine (issue 16): CP-SAT with large-neighbourhood search.

Its first client is the public ITC-2007 curriculum-based course timetabling benchmark
(`itc2007.py` reads and writes the formats, `problem.py` scores a timetable, `solver.py` builds
one); docs/timetabling.md describes the model.
"""
