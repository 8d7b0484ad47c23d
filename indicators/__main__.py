"""Command line: `python -m indicators <command>`, on the same functions the app uses.

    init-db [--force]        create the database and load the bundled data (only what changed)
    check-places FILE        validate a places file without writing anything

Messages follow --lang (es by default). Exit codes: 0 fine, 1 rejected data, 2 database locked.
"""

import argparse
import sys
from pathlib import Path

import duckdb

from indicators import places
from indicators.config import Settings
from indicators.i18n import LANGUAGES, Translator
from indicators.store import Store, read_countries
from indicators.validation import DataFileError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, default="es")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init-db", help="create the database and load the bundled data")
    init.add_argument("--force", action="store_true", help="reload every bundled file")
    init.add_argument(
        "--db", type=Path, help="database file (default: $IGM_DB_PATH or data/igm_local.duckdb)"
    )
    check = commands.add_parser("check-places", help="validate a places CSV file; writes nothing")
    check.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    t = Translator(args.lang)
    settings = Settings.from_env()
    try:
        if args.command == "init-db":
            return init_db(args.db or settings.db_path, settings.data_dir, args.force, t)
        return check_places(args.file, settings.data_dir, t)
    except DataFileError as error:
        print(t("cli.rejected", source=error.source), file=sys.stderr)
        for line in error.describe(t):
            print(f"  - {line}", file=sys.stderr)
        return 1


def init_db(db_path: Path, data_dir: Path, force: bool, t: Translator) -> int:
    try:
        store = Store.open(db_path)
    except duckdb.IOException:
        print(t("cli.locked", path=db_path), file=sys.stderr)
        return 2
    try:
        report = store.load_bundled(data_dir, force=force)
    finally:
        store.close()
    if report.reloaded:
        print(t("cli.loaded", path=db_path, datasets=", ".join(report.reloaded)))
    else:
        print(t("cli.up_to_date", path=db_path))
    return 0


def check_places(path: Path, data_dir: Path, t: Translator) -> int:
    known = set(read_countries(data_dir / "countries.csv")["iso3"])
    checked = places.read_places(path, known)
    print(t("cli.valid", path=path, count=len(checked)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
