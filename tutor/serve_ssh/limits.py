"""Limits that keep one server fair: failed logins per address, sessions per learner and in all."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

FAILURES_ALLOWED = 10  # failed logins per address within the window, then it waits
FAILURE_WINDOW = 60.0  # seconds
FAILURE_DELAY = 0.5  # seconds each wrong password waits before its answer


@dataclass
class LoginLimiter:
    """Counts failed logins per address in a sliding window.

    A whole lab behind one address (NAT) shares the allowance, so it is generous; what it stops
    is guessing passwords at speed.
    """

    allowed: int = FAILURES_ALLOWED
    window: float = FAILURE_WINDOW
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, address: str) -> deque[float]:
        now = self.clock()
        times = self._failures.get(address)
        if times is None:
            return deque()
        while times and now - times[0] > self.window:
            times.popleft()
        if not times:
            del self._failures[address]
        return times

    def blocked(self, address: str) -> bool:
        return len(self._recent(address)) >= self.allowed

    def wait(self, address: str) -> float:
        """Seconds until ``address`` may try again (0 when it may now)."""
        times = self._recent(address)
        if len(times) < self.allowed:
            return 0.0
        return max(0.0, self.window - (self.clock() - times[-self.allowed]))

    def failed(self, address: str) -> bool:
        """Record a failure; True when this one uses up the allowance."""
        times = self._recent(address)
        times.append(self.clock())
        self._failures[address] = times
        return len(times) == self.allowed


@dataclass
class SessionCaps:
    """Sessions open now, per learner and in all, against the server's caps."""

    total_cap: int
    per_learner_cap: int
    by_learner: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_learner.values())

    def refusal(self, learner: str) -> str | None:
        """Why ``learner`` cannot open another session now, or None when they can."""
        if self.by_learner[learner] >= self.per_learner_cap:
            n = self.per_learner_cap
            return (
                f"you already have {n} tutor session{'s' if n != 1 else ''} open, the most "
                "one learner may have; close one (Ctrl+Q there) and connect again"
            )
        if self.total >= self.total_cap:
            return (
                f"the class server is full ({self.total_cap} sessions); try again in a few "
                "minutes or ask your teacher"
            )
        return None

    def open(self, learner: str) -> None:
        self.by_learner[learner] += 1

    def close(self, learner: str) -> None:
        self.by_learner[learner] -= 1
        if self.by_learner[learner] <= 0:
            del self.by_learner[learner]
