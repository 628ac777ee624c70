"""Password hashes for the roster: scrypt (in the standard library) with a salt per entry.

A hash is written ``scrypt$N$r$p$SALT$KEY`` (salt and key in base64), so its cost travels
with it and can be raised later without breaking older entries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
COST = 2**14  # N: about 16 MB of memory and a few tens of milliseconds per check
BLOCK_SIZE = 8
PARALLELISM = 1
SALT_BYTES = 16
KEY_BYTES = 32
MAX_PASSWORD_BYTES = 1024  # longer "passwords" are refused before any work is done
_MAX_COST = 2**20


class BadHash(ValueError):
    """A roster entry that is not a hash written by :func:`hash_password`."""


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=256 * n * r + 2**20
    )


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, COST, BLOCK_SIZE, PARALLELISM)
    encode = base64.b64encode
    return (
        f"{SCHEME}${COST}${BLOCK_SIZE}${PARALLELISM}${encode(salt).decode()}${encode(key).decode()}"
    )


def parse_hash(text: str) -> tuple[int, int, int, bytes, bytes]:
    """The parameters, salt and key of a hash; raises BadHash naming what is wrong."""
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise BadHash("not a password hash written by `tutor roster add NAME --password`")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except ValueError:
        raise BadHash("the password hash is damaged; set the password again") from None
    if not (2 <= n <= _MAX_COST and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise BadHash("the password hash has impossible scrypt parameters; set it again")
    if len(salt) < 8 or len(key) != KEY_BYTES:
        raise BadHash("the password hash is damaged; set the password again")
    return n, r, p, salt, key


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (a hash already checked by parse_hash)."""
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        return False
    n, r, p, salt, key = parse_hash(stored)
    return hmac.compare_digest(_derive(password, salt, n, r, p), key)


# Checked for unknown names too, so a wrong name takes as long as a wrong password.
DUMMY_HASH = hash_password(secrets.token_hex(8))
