"""The app's driver overrides private Textual code: notice when that code changes."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import operator

import pytest

from tutor.tui import driver


def _source_hash(qualified: str) -> str:
    module_name, attribute = qualified.split(":")
    target = operator.attrgetter(attribute)(importlib.import_module(module_name))
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()


@pytest.mark.parametrize("qualified", sorted(driver.UPSTREAM))
def test_the_textual_code_the_driver_overrides_is_unchanged(qualified: str) -> None:
    assert _source_hash(qualified) == driver.UPSTREAM[qualified], (
        f"{qualified} changed in the installed Textual: re-read it, adjust "
        "tutor/tui/driver.py (or drop it if upstream fixed stdin EOF), then update UPSTREAM"
    )


def test_the_override_replaces_the_method_it_hashes() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    overridden = {
        name
        for name, value in vars(driver.HangupSafeDriver).items()
        if (callable(value) and not name.startswith("__")) or name == "__init__"
    }
    recorded = {key.split(":")[1].split(".")[1] for key in driver.UPSTREAM if "LinuxDriver" in key}
    assert overridden <= recorded
    assert all(hasattr(LinuxDriver, name) for name in overridden)


def test_a_changed_source_is_noticed(monkeypatch) -> None:
    """The check can fail: the same hash of a different text differs."""
    qualified = "textual.drivers.linux_driver:LinuxDriver.run_input_thread"
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: real(obj) + "# changed\n")
    assert _source_hash(qualified) != driver.UPSTREAM[qualified]
