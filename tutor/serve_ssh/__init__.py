"""The tutor over SSH: ``tutor serve --ssh`` and the class roster (``tutor roster``).

Needs asyncssh (the ``ssh`` extra); nothing here is imported unless those commands run.
"""

import warnings

MISSING_PACKAGE = (
    "tutor: `tutor serve --ssh` and `tutor roster` need asyncssh, which is not installed; "
    "install the ssh extra (in the checkout: pip install -e '.[ssh]')"
)

# asyncssh still names DSA key types, and newer cryptography releases warn about that at import.
# The warning is the library's, not the user's: without this filter it lands on stderr above
# every one-line message `tutor roster` and `tutor serve --ssh` print.
warnings.filterwarnings("ignore", message=r".*DSA is deprecated", module=r"asyncssh(\.|$)")
