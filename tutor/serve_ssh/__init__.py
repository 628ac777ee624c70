"""The tutor over SSH: ``tutor serve --ssh`` and the class roster (``tutor roster``).

Needs asyncssh (the ``ssh`` extra); nothing here is imported unless those commands run.
"""

MISSING_PACKAGE = (
    "tutor: `tutor serve --ssh` and `tutor roster` need asyncssh, which is not installed; "
    "install the ssh extra (in the checkout: pip install -e '.[ssh]')"
)
