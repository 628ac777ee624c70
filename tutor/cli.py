"""The ``tutor`` command: subcommands and flags, nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tutor.core.review import REVIEW_LIMIT
from tutor.settings import Settings, UsageError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad input in one line (and exit code 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"tutor: {message} (see `tutor --help`)\n")


def _item_list(text: str) -> list[str]:
    items = [part.strip() for part in text.split(",") if part.strip()]
    if not items:
        raise argparse.ArgumentTypeError("--items needs one or more item ids, e.g. slope-m,k")
    return items


def _modes(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else False
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--plain", action="store_true", default=default, help="line-by-line chat (no full screen)"
    )
    mode.add_argument(
        "--headless",
        action="store_true",
        default=default,
        help="stdin lines in, one JSON event per line out (for scripts and CI)",
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return number


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}")
    return port


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options that every mode and subcommand accepts, before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("common options")
    group.add_argument("--lesson", metavar="ID", default=default, help="start at this lesson")
    group.add_argument(
        "--items",
        metavar="ID[,ID...]",
        type=_item_list,
        default=default,
        help="a drill on just these items",
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="where progress is kept (also TUTOR_DATA_DIR)",
    )
    group.add_argument(
        "--lessons",
        metavar="DIR",
        type=Path,
        default=default,
        help="use another lesson pack (also TUTOR_LESSONS)",
    )
    group.add_argument(
        "--learner",
        metavar="NAME",
        default=default,
        help="whose progress this is (also TUTOR_LEARNER; default: login name)",
    )
    group.add_argument(
        "--class-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="also record attempts in this class directory (also TUTOR_CLASS_DIR)",
    )
    group.add_argument(
        "--seed",
        metavar="N",
        type=int,
        default=argparse.SUPPRESS if suppress else 0,
        help="seed for demos and the tutor's wording (default 0)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tutor",
        description="Learn the difference between model parameters and hyperparameters, "
        "with live numpy demos that check every answer.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="line-by-line chat (no full screen)")
    mode.add_argument(
        "--headless",
        action="store_true",
        help="stdin lines in, one JSON event per line out (for scripts and CI)",
    )
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str, *, json_flag: bool = True) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        if json_flag:
            command.add_argument("--json", action="store_true", help="machine-readable output")
        _common(command, suppress=True)
        return command

    add("lessons", "list the lessons and your progress in each")
    add("items", "list the item bank (id, term, model, answer)")
    add("progress", "show your progress")
    add("demos", "the demos a lesson may name, with their arguments (for lesson authors)")
    reset = add("reset", "delete your progress (asks first)", json_flag=False)
    reset.add_argument("--yes", "-y", action="store_true", help="do not ask")
    check = add("check", "validate a lesson pack and play every lesson with its answer key")
    check.add_argument(
        "pack",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="lesson directory (default: the built-in lessons)",
    )
    ask = add("ask", 'ask the tutor a question, e.g. tutor ask "is k a hyperparameter?"')
    ask.add_argument("question", nargs="+", help="the question")
    review = add(
        "review", "drill the items that are due for review (spaced repetition)", json_flag=False
    )
    _modes(review, suppress=True)
    review.add_argument(
        "--limit",
        type=_positive,
        default=REVIEW_LIMIT,
        metavar="N",
        help=f"at most N items in one review (default {REVIEW_LIMIT})",
    )
    report = add(
        "report", "the class report for a teacher: students and misconceptions", json_flag=False
    )
    report.add_argument("directory", type=Path, metavar="DIR", help="the class directory")
    _formats(report)
    report.add_argument(
        "--anonymous", action="store_true", help="replace names with stable pseudonyms"
    )
    report.add_argument(
        "--watch", action="store_true", help="a live view that updates as students work (q quits)"
    )
    export = add("export", "your own record, to hand in", json_flag=False)
    _formats(export)
    lab = add("lab", "change hyperparameters and watch models train", json_flag=False)
    lab.add_argument("model", nargs="?", default="line", help="line, kmeans, mlp or polynomial")
    lab.add_argument(
        "--plain", action="store_true", default=argparse.SUPPRESS, help="text plots and a prompt"
    )
    serve = add(
        "serve", "the tutor in a web browser (the web extra), or over SSH (--ssh)", json_flag=False
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; "
        "0.0.0.0: every network interface)",
    )
    serve.add_argument(
        "--port", type=_port, default=None, help="port to listen on (default 8000; --ssh: 2222)"
    )
    roster = add("roster", "the learners who may log in to `tutor serve --ssh`", json_flag=False)
    _ssh_options(serve, roster)
    return parser


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0: never), not {text!r}")
    return seconds


def _ssh_options(serve: argparse.ArgumentParser, roster: argparse.ArgumentParser) -> None:
    """`tutor serve --ssh` and `tutor roster add` (tutor/serve_ssh/)."""
    group = serve.add_argument_group("over SSH (needs the ssh extra)")
    group.add_argument("--ssh", action="store_true", help="serve the tutor over SSH to a class")
    roster_help = "the roster of learners (default: roster in the data directory)"
    group.add_argument("--roster", type=Path, metavar="FILE", help=roster_help)
    group.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's key (default: made once in the data directory)",
    )
    group.add_argument(
        "--max-sessions",
        type=_positive,
        default=100,
        metavar="N",
        help="sessions in all (default 100)",
    )
    group.add_argument(
        "--max-per-learner",
        type=_positive,
        default=2,
        metavar="N",
        help="sessions one learner may have open (default 2)",
    )
    group.add_argument(
        "--idle-timeout",
        type=_positive_seconds,
        default=1800.0,
        metavar="SECONDS",
        help="close sessions without typing for this long (default 1800; 0: never)",
    )
    actions = roster.add_subparsers(
        dest="roster_action", metavar="ACTION", required=True, parser_class=_Parser
    )
    add = actions.add_parser(
        "add", help="add a learner with a public key or a password", description="add a learner"
    )
    add.add_argument("name", metavar="NAME", help="the learner's name (their SSH user name)")
    how = add.add_mutually_exclusive_group(required=True)
    how.add_argument("--key", type=Path, metavar="FILE", help="their OpenSSH public key (.pub)")
    how.add_argument("--password", action="store_true", help="ask for a password (twice)")
    add.add_argument("--roster", type=Path, metavar="FILE", help=roster_help)
    _common(add, suppress=True)


def _formats(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON output")
    formats.add_argument("--csv", action="store_true", help="CSV output (opens in a spreadsheet)")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        data_dir=args.data_dir,
        lessons_dir=args.lessons,
        learner=args.learner,
        seed=args.seed,
        lesson=args.lesson,
        items=args.items,
        class_dir=args.class_dir,
    )


def choose_mode(args: argparse.Namespace) -> str:
    if args.headless:
        return "headless"
    if args.plain:
        return "plain"
    if os.environ.get("TEXTUAL_DRIVER"):
        return "app"  # served in a browser: stdin is a pipe, yet the app must open
    if os.environ.get("TERM") == "dumb" or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return "plain"
    return "app"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    try:
        if args.command == "review":
            return _interactive(choose_mode(args), settings, review_limit=args.limit)
        if (args.command == "serve" and args.ssh) or args.command == "roster":
            from tutor.serve_ssh import commands as ssh_commands

            run = ssh_commands.serve if args.command == "serve" else ssh_commands.roster
            return run(args, settings)
        if args.command == "lab":
            from tutor.lab_command import run_lab

            return run_lab(args.model, plain=choose_mode(args) != "app", seed=args.seed)
        if args.command == "serve":
            from tutor.serve import serve

            return serve(args.host, args.port if args.port is not None else 8000, settings)
        if args.command is not None:
            from tutor import commands

            return commands.run(args.command, args, settings)
        return _interactive(choose_mode(args), settings)
    except UsageError as error:
        from tutor.plain_text import visible

        print(f"tutor: {visible(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `tutor items | head -1`: the reader has gone
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _interactive(mode: str, settings: Settings, review_limit: int | None = None) -> int:
    from tutor.settings import open_journal, open_pack, open_store

    pack = open_pack(settings, strict=mode == "headless")
    store = open_store(settings)
    journal = open_journal(settings)
    for warning in settings.warnings:
        from tutor.plain_text import visible

        print(f"tutor: warning: {visible(warning)}", file=sys.stderr)

    def open_session():  # -> Session; line mode builds it once its prompt is up
        from tutor.core.session import Session

        return Session(
            pack,
            store,
            seed=settings.seed,
            lesson=settings.lesson,
            items=settings.items,
            review_limit=review_limit,
            journal=journal,
        )

    try:
        if mode == "headless":
            from tutor import headless

            return headless.run(open_session())
        if mode == "app":
            try:
                from tutor.tui.app import run_app
            except ImportError as error:
                print(
                    f"tutor: warning: the full-screen app cannot start ({error}); using line mode",
                    file=sys.stderr,
                )
                mode = "plain"
            else:
                return run_app(open_session())
        from tutor.line.repl import run_line_mode

        return run_line_mode(open_session, store.path.parent)
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
