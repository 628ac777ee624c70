"""The command-line side: ``tutor serve --ssh`` and ``tutor roster add``, from parsed flags."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from tutor.serve_ssh import MISSING_PACKAGE
from tutor.settings import Settings, UsageError

EXIT_USAGE = 2
MIN_PASSWORD = 8


def _asyncssh_missing() -> bool:
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        print(MISSING_PACKAGE, file=sys.stderr)
        return True
    return False


def serve(args: argparse.Namespace, settings: Settings) -> int:
    if _asyncssh_missing():
        return EXIT_USAGE
    if settings.learner:
        raise UsageError("--learner does not apply to --ssh: each learner logs in as their name")
    from tutor.serve_ssh.server import DEFAULT_PORT, SSHOptions, serve_ssh

    options = SSHOptions(
        host=args.host,
        port=args.port if args.port is not None else DEFAULT_PORT,
        roster=args.roster,
        host_key=args.host_key,
        max_sessions=args.max_sessions,
        max_per_learner=args.max_per_learner,
        idle_timeout=args.idle_timeout,
    )
    return serve_ssh(options, settings)


def roster_path(args: argparse.Namespace, settings: Settings) -> Path:
    from tutor.serve_ssh.server import ROSTER_NAME

    return args.roster or settings.resolved_data_dir() / ROSTER_NAME


def ask_password(
    name: str,
    prompt: Callable[[str], str] = getpass.getpass,
    interactive: Callable[[], bool] = sys.stdin.isatty,
) -> str:
    if not interactive():
        raise UsageError(
            "--password asks for the password twice on a terminal; run it in a terminal"
        )
    try:
        first = prompt(f"Password for {name}: ")
        second = prompt(f"Password for {name} again: ")
    except EOFError:
        raise UsageError("no password given; nothing changed") from None
    if first != second:
        raise UsageError("the two passwords differ; nothing changed")
    if len(first) < MIN_PASSWORD:
        raise UsageError(f"a password needs at least {MIN_PASSWORD} characters; nothing changed")
    return first


def roster(args: argparse.Namespace, settings: Settings) -> int:
    if _asyncssh_missing():
        return EXIT_USAGE
    from tutor.serve_ssh import roster as class_roster

    path = roster_path(args, settings)
    try:
        if args.key is not None:
            try:
                key_text = args.key.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = getattr(error, "strerror", None) or "not a text file"
                raise UsageError(f"{args.key}: cannot read the key ({reason})") from None
            print(f"tutor: {class_roster.add_key(path, args.name, key_text)}")
        else:
            password = ask_password(args.name)
            print(f"tutor: {class_roster.set_password(path, args.name, password)}")
    except class_roster.RosterError as error:
        raise UsageError("\n".join(error.problems)) from None
    return 0
