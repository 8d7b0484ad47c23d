"""Commands on the database as a whole: create it and load the bundled data, copy it between backends."""

from pathlib import Path

import duckdb

from indicators import postgres
from indicators.cli.common import Command, Context, database_problem, open_store, refuse, say
from indicators.migrate import MigrationRefused, migrate
from indicators.postgres import masked
from indicators.store import Store
from indicators.store.schema import full_ddl


def init_db_arguments(parser) -> None:
    parser.add_argument("--force", action="store_true", help="reload every bundled file")


def init_db(ctx: Context, args) -> int:
    """Create the schema (in a file or a PostgreSQL database) and load the bundled data that changed."""
    t = ctx.t
    store = open_store(ctx.database, ctx.settings.data_dir, t, load=False, create=True)
    if not isinstance(store, Store):
        return store
    try:
        report = store.load_bundled(ctx.settings.data_dir, force=args.force)
    finally:
        store.close()
    if report.reloaded:
        say(t("cli.loaded", path=masked(ctx.database), datasets=", ".join(report.reloaded)))
    else:
        say(t("cli.up_to_date", path=masked(ctx.database)))
    return 0


def migrate_arguments(parser) -> None:
    parser.add_argument("--from", dest="source", required=True, help="DuckDB file or postgresql:// URL")
    parser.add_argument("--to", dest="target", required=True, help="DuckDB file or postgresql:// URL")
    parser.add_argument("--replace", action="store_true", help="replace the data a non-empty target holds")


def migrate_command(ctx: Context, args) -> int:
    """Copy and check in one transaction; print every table's rows and checksum, or why nothing was copied."""
    t = ctx.t
    for end in (args.source, args.target):
        problem = None if postgres.is_url(end) else database_problem(Path(end))
        if problem:
            return refuse(t(f"cli.{problem}", path=end))
    try:
        checks = migrate(args.source, args.target, full_ddl(), args.replace)
    except MigrationRefused as refusal:
        return refuse(t(f"migrate.{refusal.reason}", **refusal.params))
    except duckdb.Error as error:
        return refuse(t("migrate.failed", error=masked_error(error, args.source, args.target)))
    for check in checks:
        say(t("migrate.table", table=check.table, rows=check.rows, checksum=check.checksum))
    say(t("migrate.done", tables=len(checks), source=masked(args.source), target=masked(args.target)))
    return 0


def masked_error(error: Exception, *urls: str) -> str:
    """The first line of a database error, with any password in the given URLs hidden."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    for url in urls:
        text = text.replace(url, masked(url))
        text = text.replace(postgres.check_url(url), masked(url)) if postgres.is_postgres(url) else text
    return text


COMMANDS = (
    Command("init-db", "create the database and load the bundled data", init_db_arguments, init_db),
    Command(
        "migrate",
        "copy a whole database (DuckDB file <-> PostgreSQL)",
        migrate_arguments,
        migrate_command,
        db=False,
    ),
)
