"""The command line, `python -m indicators <command>`: a registry of subcommands on the app's own functions.

Each command is a `Command` record (name, help, the function that declares its arguments, the function that
runs it) in the module of its topic beside this one; `COMMANDS` lists them all, in the order `--help`
shows them. `main` does what every command shares: the language, the settings, the data folder's
registries, the database (opened only for the commands that need it, and always closed), and the plain
message for a rejected file, an unusable database or a file that cannot be read.

To add a command: write `arguments(parser)` and `run(ctx, args) -> int` in the topic's module, add a
`Command` to its `COMMANDS`, and (for a new topic) the module to `TOPICS` below.

Every command works on the embedded DuckDB file or, when IGM_DATABASE_URL (or `[connections.igm] url` in
.streamlit/secrets.toml) is set, on a shared PostgreSQL database; --db takes either. Messages follow
--lang (es by default). Exit codes: 0 fine, 1 rejected data or a database that cannot be used
(unreachable, wrong password, not PostgreSQL, never initialised), 2 database file locked.
"""

import argparse
import sys
import tomllib

from indicators.cli import (
    accounts,
    assessments,
    catalogue,
    database,
    exports,
    followup,
    participants,
    peers,
    questions,
)
from indicators.cli.common import DB_HELP, Command, Context, StoreNotOpened
from indicators.config import Settings
from indicators.i18n import LANGUAGES, Translator
from indicators.postgres import DatabaseUnavailable
from indicators.registries import Registries
from indicators.validation import DataFileError

TOPICS = (database, catalogue, assessments, exports, participants, peers, questions, accounts, followup)
COMMANDS: tuple[Command, ...] = tuple(command for topic in TOPICS for command in topic.COMMANDS)


def parser() -> argparse.ArgumentParser:
    """Every command's arguments, from the registry."""
    root = argparse.ArgumentParser(
        prog="python -m indicators",
        description="Tablero IGM local: the command line, on the same functions the app uses.",
    )
    root.add_argument("--lang", choices=LANGUAGES, default="es")
    subcommands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subcommands.add_parser(command.name, help=command.help, description=command.help)
        command.arguments(sub)
        if command.db:
            sub.add_argument("--db", help=DB_HELP)
        sub.set_defaults(run=command.run)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # The repository's texts until the data folder's own are loaded (and to say why they were not).
    t = Translator(args.lang)
    try:
        settings = Settings.from_env()
    except tomllib.TOMLDecodeError as error:
        print(t("cli.bad_secrets", path=".streamlit/secrets.toml", error=error), file=sys.stderr)
        return 1
    try:
        registries = Registries.load(settings)
        ctx = Context(settings, registries, registries.translator(args.lang), getattr(args, "db", None))
        t = ctx.t
        try:
            return args.run(ctx, args)
        finally:
            ctx.close()
    except StoreNotOpened as refused:
        return refused.exit_code
    except DataFileError as error:
        print(t("cli.rejected", source=error.source), file=sys.stderr)
        for line in error.describe(t):
            print(f"  - {line}", file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        print(t(f"db.{error.reason}", **error.params()), file=sys.stderr)
        return 1
    except OSError as error:
        # A file that cannot be read (permissions, a folder given as a file): say which and why.
        print(t("cli.os_error", path=error.filename or "", reason=error.strerror or error), file=sys.stderr)
        return 1
