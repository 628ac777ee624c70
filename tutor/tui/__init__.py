"""The Textual front end: a chat tutor for the terminal (``run_app`` in ``app.py``)."""
