"""The server's host key: generated once, kept private (0600), and reused after restarts."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

HOST_KEY_NAME = "ssh_host_ed25519_key"


class HostKeyError(Exception):
    """The host key cannot be used; the message says what to fix."""


def load_or_create(path: Path) -> tuple[Any, bool]:
    """The host key at ``path`` (created when missing); also whether it was just created."""
    import asyncssh

    created = False
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass  # another server made it meanwhile: use theirs
        except OSError as error:
            raise HostKeyError(f"cannot create the host key {path} ({error.strerror})") from None
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(key.export_private_key())
            created = True
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            raise HostKeyError(f"{path} is not a regular file; remove it to make a new host key")
        if info.st_mode & 0o077:
            raise HostKeyError(
                f"{path} can be read by other users; run `chmod 600 {path}` "
                "(or remove it to make a new host key)"
            )
        return asyncssh.read_private_key(str(path)), created
    except OSError as error:
        raise HostKeyError(f"cannot read the host key {path} ({error.strerror})") from None
    except (ValueError, asyncssh.KeyImportError) as error:
        raise HostKeyError(f"{path} is not a usable private key ({error})") from None
