"""How this copy of tutor was installed, to give install commands that fit it.

The command is ``tutor``; the distribution is ``hyperparameter-tutor`` (an unrelated project
owns the name ``tutor`` on the package index, so no message ever suggests installing that).
"""

from __future__ import annotations

import json
import shlex
import sys
from importlib import metadata
from urllib.parse import unquote, urlparse

DIST_NAME = "hyperparameter-tutor"

# What each extra adds, for installs that cannot name the distribution (not on the index).
EXTRA_REQUIREMENTS = {"web": "textual-serve>=1.1.3,<2"}


def _direct_url() -> dict | None:
    try:
        text = metadata.distribution(DIST_NAME).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def extra_command(extra: str, python: str = sys.executable) -> str:
    """The pip command that adds ``extra`` to this installation.

    An editable checkout gets ``pip install -e 'CHECKOUT[extra]'``; an install from a local
    directory, file or VCS URL gets that URL back; anything else (a copy on PYTHONPATH, say)
    gets the extra's own requirements, never a package-index name.
    """
    pip = f"{shlex.quote(python)} -m pip install"
    origin = _direct_url()
    if origin and isinstance(origin.get("url"), str):
        url = origin["url"]
        parsed = urlparse(url)
        if origin.get("dir_info", {}).get("editable") and parsed.scheme == "file":
            return f"{pip} -e {shlex.quote(unquote(parsed.path) + f'[{extra}]')}"
        if parsed.scheme == "file" and origin.get("dir_info") is not None:
            return f"{pip} {shlex.quote(unquote(parsed.path) + f'[{extra}]')}"
        if "vcs_info" in origin:
            vcs = origin["vcs_info"].get("vcs", "git")
            return f"{pip} {shlex.quote(f'{DIST_NAME}[{extra}] @ {vcs}+{url}')}"
        return f"{pip} {shlex.quote(f'{DIST_NAME}[{extra}] @ {url}')}"
    return f"{pip} {shlex.quote(EXTRA_REQUIREMENTS[extra])}"
