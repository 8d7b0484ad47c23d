"""What every command shares: its record, its context (settings, texts, the database), writing files."""

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from indicators import postgres
from indicators.audit import Actor
from indicators.config import Settings
from indicators.exports import ExportError
from indicators.i18n import Translator
from indicators.registries import Registries
from indicators.store import Store
from indicators.validation import DataFileError, Problem

# The command line's address in the audit trail: it runs where the database is, or where it reaches it.
CLI_ADDRESS = "local"
DB_HELP = "database file or postgresql:// URL (default: $IGM_DATABASE_URL, else $IGM_DB_PATH)"


@dataclass(frozen=True)
class Command:
    name: str  # as typed after `python -m indicators`
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[["Context", argparse.Namespace], int]
    db: bool = True  # takes --db (every command that reads or writes the database)


class StoreNotOpened(Exception):
    """The database could not be opened; why has been printed. Carries the exit code."""

    def __init__(self, exit_code: int):
        super().__init__(exit_code)
        self.exit_code = exit_code


@dataclass
class Context:
    settings: Settings
    registries: Registries
    t: Translator
    db: str | None = None  # --db, else the settings' database
    _store: Store | None = field(default=None, repr=False)

    @property
    def database(self) -> str:
        return self.db or self.settings.database

    @property
    def actor(self) -> str:
        """Who a command's writes are recorded under: the system user who typed it."""
        try:
            return f"cli:{getpass.getuser()}"
        except (KeyError, OSError):  # no name for this uid (a bare container)
            return "cli"

    @property
    def who(self) -> Actor:
        """The command line in the audit trail: the system user, on this machine."""
        return Actor(self.actor, CLI_ADDRESS)

    def audit(self, action: str, target: str) -> None:
        """Append a row to the audit trail for something done outside a transaction of its own."""
        self.store.record_audit(self.actor, action, target, CLI_ADDRESS)

    @property
    def store(self) -> Store:
        """The database with the bundled data loaded, opened on first use; closed by `main`."""
        if self._store is None:
            opened = open_store(self.database, self.settings.data_dir, self.t)
            if not isinstance(opened, Store):
                raise StoreNotOpened(opened)
            self._store = opened
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def place_file_arguments(parser) -> None:
    """--place and --out: a file made for one local government (its paper form, its profile)."""
    parser.add_argument("--place", required=True, help="place id, e.g. hnd-danli")
    parser.add_argument("--out", type=Path, required=True)


def say(text: str) -> None:
    print(text)


def refuse(text: str, code: int = 1) -> int:
    """Say why on stderr and return the exit code."""
    print(text, file=sys.stderr)
    return code


def existing_file(path: Path) -> Path:
    """`path`, or the rejection that names it when it is not a file."""
    if not path.is_file():
        raise DataFileError(path.name, [Problem(None, None, "", "not_found", {"path": str(path)})])
    return path


# What every DuckDB database file holds at this offset (its format's magic bytes).
DUCKDB_MAGIC = (8, b"DUCK")


def database_problem(db_path: Path) -> str | None:
    """Why `db_path` cannot be a DuckDB database file, as a catalogue key under "cli.", or None."""
    if db_path.is_dir():
        return "db_is_folder"
    if any(parent.exists() and not parent.is_dir() for parent in db_path.parents):
        return "db_parent_not_folder"
    if db_path.is_file() and db_path.stat().st_size > 0:
        offset, magic = DUCKDB_MAGIC
        with db_path.open("rb") as file:
            if file.read(offset + len(magic))[offset:] != magic:
                return "db_not_duckdb"
    return None


def open_store(
    db_path: str, data_dir: Path, t: Translator, load: bool = True, create: bool = False
) -> Store | int:
    """The store with the bundled data loaded, or the exit code after saying why it cannot be opened
    (1 a path that is not a database, 2 a database another process holds). A PostgreSQL URL that
    cannot be used raises DatabaseUnavailable, which `main` reports (exit 1)."""
    problem = None if postgres.is_url(db_path) else database_problem(Path(db_path))
    if problem:
        return refuse(t(f"cli.{problem}", path=db_path))
    try:
        store = Store.open(db_path, create=create)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            return refuse(t("cli.locked", path=db_path), 2)
        return refuse(t("cli.db_unreadable", path=db_path, detail=str(error).split("\n")[0]))
    if load:
        store.load_bundled(data_dir)
    return store


def output_problem(out: Path, t: Translator) -> str | None:
    """Why a file cannot be written at `out` (a folder, or under a file), or None."""
    if out.is_dir():
        return t("cli.out_is_folder", path=out)
    blocking = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        return t("cli.out_parent_not_folder", path=out, parent=blocking)
    return None


def write_output(out: Path, content: bytes, t: Translator) -> bool:
    """Write a finished file, creating its folder; on a path that cannot take it, say why, write nothing."""
    problem = output_problem(out, t)
    if problem:
        refuse(problem)
        return False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as error:  # no permission, a full disk, a read-only mount
        refuse(t("cli.os_error", path=out, reason=error.strerror or error))
        return False
    return True


def write_file(build: Callable[[], bytes], out: Path, t: Translator) -> int:
    """Build the whole file in memory and write it only once it is complete; no file on a refusal."""
    problem = output_problem(out, t)  # before the work of building it
    if problem:
        return refuse(problem)
    try:
        content = build()
    except ExportError as error:
        return refuse(error.message(t))
    if not write_output(out, content, t):
        return 1
    say(t("export_cli.written", path=out, size=max(1, round(len(content) / 1024))))
    return 0


def known_place(ctx: Context, place_id: str) -> bool:
    """Whether the catalogue has this place (any place, with or without a local IGM report)."""
    return place_id in set(ctx.store.places(igm_only=False)["place_id"])


def place_file_command(
    name: str, help: str, build: Callable[[Context, str], bytes], audit: bool = False
) -> Command:
    """A command writing a file made for one local government (--place, --out), `build(ctx, place_id)`:
    an unknown place is refused before anything is built; `audit` records the file as an export."""

    def run(ctx: Context, args: argparse.Namespace) -> int:
        if not known_place(ctx, args.place):
            return refuse(ctx.t("cli.unknown_place", place=args.place))
        code = write_file(lambda: build(ctx, args.place), args.out, ctx.t)
        if code == 0 and audit:
            ctx.audit("export", f"{name} {args.place} {args.out.name}")
        return code

    return Command(name, help, place_file_arguments, run)
