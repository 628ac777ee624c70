"""Messages between the SSH server and its warm parent, over a SOCK_SEQPACKET socket pair.

Each message is one JSON object in one packet; a session's terminal travels beside its spawn
request as a passed file descriptor (SCM_RIGHTS).
"""

from __future__ import annotations

import json
import socket
from typing import Any

MAX_MESSAGE = 64 * 1024


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


def decode(data: bytes) -> dict[str, Any]:
    message = json.loads(data)
    if not isinstance(message, dict):
        raise ValueError("not a message")
    return message
