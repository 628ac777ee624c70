"""The teacher's side of a class directory: reading journals safely, the report, pseudonyms.

The writer (``tutor.core.classroom``) is part of the core, shared by every front end and the
lab server; this package reads what it wrote, trusting nothing in it.
"""
