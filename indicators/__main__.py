"""Command line: `python -m indicators <command>`, on the same functions the app uses.

    init-db [--force]                   create the database, load the bundled data that changed
    check-places FILE                   validate a places file without writing anything
    codes create --place ID [--count N] new access codes for a local government (printed once)
    demo-data [--assessments N] [--result-places N]
                                        example assessments and IGM results, flagged as examples everywhere
    import-results FILE                 local IGM results (findings, indicator answers) from CSV or XLSX
    import-boundaries FILE --country ISO3 --level adm1|adm2 --code-field F [--name-field F]
                      --source TEXT --licence TEXT [--url URL] [--strict]
                                        an official boundary layer (GeoJSON, TopoJSON, GPKG, zipped SHP)
    export-consultation --format F --out FILE
                                        the seminar consultation's results as CSV, XLSX or PDF
    migrate --from DB --to DB [--replace]
                                        copy a whole database between a DuckDB file and PostgreSQL
    xlsform --out FILE                  the self-assessment questionnaire as an XLSForm
    paper-form --place ID --out FILE    the questionnaire as an A4 PDF booklet for one local government
    import-submissions FILE [--valid-only]
                                        answers exported from KoboToolbox or ODK Central (CSV, XLSX)
    export --scope S --format F --out FILE [--place ID] [--country ISO3] [--hxl]
                                        priority summaries as CSV, XLSX or PDF (see export_command)

Every command works on the embedded DuckDB file or, when IGM_DATABASE_URL (or `[connections.igm] url`
in .streamlit/secrets.toml) is set, on a shared PostgreSQL database; --db takes either.

Messages follow --lang (es by default). Exit codes: 0 fine, 1 rejected data or a database that cannot
be used (unreachable, wrong password, not PostgreSQL, never initialised), 2 database file locked.
"""

import argparse
import sys
import tomllib
from pathlib import Path

import duckdb

from indicators import places, postgres
from indicators.bundle import bundled_country_boxes
from indicators.config import Settings
from indicators.demo import generate_assessments, generate_results
from indicators.exports import (
    FORMATS,
    ExportError,
    ExportRequest,
    check_request,
    consultation_file,
    export_file,
)
from indicators.i18n import LANGUAGES, Translator
from indicators.layers import ADMIN_LEVELS, import_layer_file, layer_report_lines
from indicators.migrate import MigrationRefused, migrate
from indicators.paper_form import paper_form_pdf
from indicators.postgres import DatabaseUnavailable, masked
from indicators.registries import Registries
from indicators.results import read_results
from indicators.store import SCHEMA, Store
from indicators.submissions import import_submissions
from indicators.summary import SCOPE_ALIASES, SCOPES
from indicators.validation import DataFileError, Problem
from indicators.xlsform import xlsform_bytes

DB_HELP = "database file or postgresql:// URL (default: $IGM_DATABASE_URL, else $IGM_DB_PATH)"
MAX_CODES_AT_ONCE = 200
MAX_DEMO_ASSESSMENTS = 100_000
MAX_DEMO_RESULT_PLACES = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, default="es")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init-db", help="create the database and load the bundled data")
    init.add_argument("--force", action="store_true", help="reload every bundled file")
    init.add_argument("--db", help=DB_HELP)
    check = commands.add_parser("check-places", help="validate a places CSV file; writes nothing")
    check.add_argument("file", type=Path)
    codes = commands.add_parser("codes", help="access codes for the self-assessment")
    codes.add_argument("action", choices=["create"])
    codes.add_argument("--place", required=True, help="place id, e.g. hnd-danli")
    codes.add_argument("--count", type=int, default=1, help="how many codes (1 to 200)")
    demo = commands.add_parser("demo-data", help="generate example assessments and IGM results (labelled)")
    demo.add_argument("--assessments", type=int, default=100, help="example assessments (default 100)")
    demo.add_argument(
        "--result-places",
        type=int,
        default=3,
        help="places without real results that get example IGM results (default 3)",
    )
    results = commands.add_parser("import-results", help="import local IGM results from a CSV or XLSX file")
    results.add_argument("file", type=Path)
    bounds = commands.add_parser("import-boundaries", help="import an official boundary layer")
    bounds.add_argument("file", type=Path, help="GeoJSON, TopoJSON, GeoPackage or zipped Shapefile")
    bounds.add_argument("--country", required=True, help="ISO3 code, e.g. MEX")
    bounds.add_argument("--level", required=True, choices=ADMIN_LEVELS)
    bounds.add_argument("--code-field", required=True, help="the field holding the official code")
    bounds.add_argument("--name-field", help="the field holding the name (used when codes do not match)")
    bounds.add_argument("--source", required=True, help="e.g. 'INEGI, Marco Geoestadístico 2023'")
    bounds.add_argument("--licence", required=True, help="e.g. 'Libre uso de la información del INEGI'")
    bounds.add_argument("--url", default="", help="where the file comes from (http or https)")
    bounds.add_argument(
        "--strict",
        action="store_true",
        help="refuse the file if a feature has an empty or placeholder code, or shares its code with"
        " a feature of another name (by default such features are left out and listed)",
    )
    form = commands.add_parser("xlsform", help="write the questionnaire as an XLSForm")
    form.add_argument("--out", type=Path, required=True)
    paper = commands.add_parser("paper-form", help="the questionnaire as a printable A4 booklet (PDF)")
    paper.add_argument("--place", required=True, help="place id, e.g. hnd-danli")
    paper.add_argument("--out", type=Path, required=True)
    submissions = commands.add_parser(
        "import-submissions", help="import answers exported from KoboToolbox or ODK Central"
    )
    submissions.add_argument("file", type=Path, help="the CSV or XLSX export of the app's XLSForm")
    submissions.add_argument(
        "--valid-only", action="store_true", help="import the valid rows and list the refused ones"
    )
    export = commands.add_parser("export", help="priority summaries as CSV, XLSX or PDF")
    export.add_argument(
        "--scope",
        choices=[*SCOPES, *SCOPE_ALIASES],
        required=True,
        help="local_government (alias: municipality), country or region",
    )
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--place", help="place id, e.g. hnd-danli (a local government)")
    export.add_argument("--country", help="ISO3 code, e.g. HND")
    export.add_argument("--hxl", action="store_true", help="HXL hashtag row under the headers (CSV, XLSX)")
    consult = commands.add_parser("export-consultation", help="the seminar consultation's results")
    consult.add_argument("--format", choices=FORMATS, required=True)
    consult.add_argument("--out", type=Path, required=True)
    move = commands.add_parser("migrate", help="copy a whole database (DuckDB file <-> PostgreSQL)")
    move.add_argument("--from", dest="source", required=True, help="DuckDB file or postgresql:// URL")
    move.add_argument("--to", dest="target", required=True, help="DuckDB file or postgresql:// URL")
    move.add_argument("--replace", action="store_true", help="replace the data a non-empty target holds")
    for sub in (codes, demo, results, bounds, export, consult, form, paper, submissions):
        sub.add_argument("--db", help=DB_HELP)
    args = parser.parse_args(argv)
    # The repository's texts until the data folder's own are loaded (and to say why they were not).
    t = Translator(args.lang)
    try:
        settings = Settings.from_env()
    except tomllib.TOMLDecodeError as error:
        print(t("cli.bad_secrets", path=".streamlit/secrets.toml", error=error), file=sys.stderr)
        return 1
    database = getattr(args, "db", None) or settings.database
    try:
        registries = Registries.load(settings)
        t = registries.translator(args.lang)
        if args.command == "init-db":
            return init_db(database, settings.data_dir, args.force, t)
        if args.command == "migrate":
            return migrate_command(args.source, args.target, args.replace, t)
        if args.command == "check-places":
            return check_places(args.file, registries, settings.data_dir, t)
        store = open_store(database, settings.data_dir, t)
        if not isinstance(store, Store):
            return store
        try:
            if args.command == "xlsform":
                form = xlsform_bytes(
                    registries.questionnaire, store.places(igm_only=False), store.countries()
                )
                if not write_output(args.out, form, t):
                    return 1
                print(t("cli.xlsform_written", path=args.out))
                return 0
            if args.command == "codes":
                return create_codes(store, args.place, args.count, t)
            if args.command == "export":
                return export_command(store, args, registries, settings, t)
            if args.command == "export-consultation":
                return export_consultation_command(store, args, registries, settings, t)
            if args.command == "paper-form":
                return paper_form_command(store, args, registries, t)
            if args.command == "import-submissions":
                return import_submissions_command(store, args, registries, t)
            if args.command == "import-results":
                return import_results(store, args.file, registries, t)
            if args.command == "import-boundaries":
                return import_boundaries(store, args, t)
            return demo_data(store, args.assessments, args.result_places, registries, t)
        finally:
            store.close()
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
        print(t(f"cli.{problem}", path=db_path), file=sys.stderr)
        return 1
    try:
        store = Store.open(db_path, create=create)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            print(t("cli.locked", path=db_path), file=sys.stderr)
            return 2
        print(t("cli.db_unreadable", path=db_path, detail=str(error).split("\n")[0]), file=sys.stderr)
        return 1
    if load:
        store.load_bundled(data_dir)
    return store


def init_db(db_path: str, data_dir: Path, force: bool, t: Translator) -> int:
    """Create the schema (in a file or a PostgreSQL database) and load the bundled data that changed."""
    store = open_store(db_path, data_dir, t, load=False, create=True)
    if not isinstance(store, Store):
        return store
    try:
        report = store.load_bundled(data_dir, force=force)
    finally:
        store.close()
    if report.reloaded:
        print(t("cli.loaded", path=masked(db_path), datasets=", ".join(report.reloaded)))
    else:
        print(t("cli.up_to_date", path=masked(db_path)))
    return 0


def migrate_command(source: str, target: str, replace: bool, t: Translator) -> int:
    """Copy and check in one transaction; print every table's rows and checksum, or why nothing was copied."""
    for end in (source, target):
        problem = None if postgres.is_url(end) else database_problem(Path(end))
        if problem:
            print(t(f"cli.{problem}", path=end), file=sys.stderr)
            return 1
    try:
        checks = migrate(source, target, SCHEMA, replace)
    except MigrationRefused as refusal:
        print(t(f"migrate.{refusal.reason}", **refusal.params), file=sys.stderr)
        return 1
    except duckdb.Error as error:
        print(t("migrate.failed", error=masked_error(error, source, target)), file=sys.stderr)
        return 1
    for check in checks:
        print(t("migrate.table", table=check.table, rows=check.rows, checksum=check.checksum))
    print(t("migrate.done", tables=len(checks), source=masked(source), target=masked(target)))
    return 0


def masked_error(error: Exception, *urls: str) -> str:
    """The first line of a database error, with any password in the given URLs hidden."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    for url in urls:
        text = text.replace(url, masked(url))
        text = text.replace(postgres.check_url(url), masked(url)) if postgres.is_postgres(url) else text
    return text


def check_places(path: Path, registries: Registries, data_dir: Path, t: Translator) -> int:
    known = set(registries.countries["iso3"])
    checked = places.read_places(path, known, bundled_country_boxes(data_dir, known))
    print(t("cli.valid", path=path, count=len(checked)))
    return 0


def create_codes(store: Store, place_id: str, count: int, t: Translator) -> int:
    if place_id not in set(store.places(igm_only=False)["place_id"]):
        print(t("cli.unknown_place", place=place_id), file=sys.stderr)
        return 1
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        print(t("cli.bad_count", high=MAX_CODES_AT_ONCE), file=sys.stderr)
        return 1
    print(t("cli.codes_created", count=count, place=place_id))
    for code in store.create_access_codes(place_id, count, created_by="cli"):
        print(code)
    return 0


def demo_data(store: Store, count: int, result_places: int, registries: Registries, t: Translator) -> int:
    if not 0 <= count <= MAX_DEMO_ASSESSMENTS or not 0 <= result_places <= MAX_DEMO_RESULT_PLACES:
        print(t("cli.bad_count", high=MAX_DEMO_ASSESSMENTS), file=sys.stderr)
        return 1
    if count:
        generate_assessments(store, registries.questionnaire, count)
        print(t("cli.demo_created", count=count))
    if result_places:
        chosen = generate_results(store, registries.framework, result_places)
        print(t("cli.demo_results_created", places=", ".join(chosen) or "—"))
    return 0


def import_boundaries(store: Store, args, t: Translator) -> int:
    """Check the whole file, replace the layer, and say which places got a polygon and which did not."""
    if not args.file.is_file():
        raise DataFileError(args.file.name, [Problem(None, None, "", "not_found", {"path": str(args.file)})])
    report = import_layer_file(
        store,
        args.file,
        args.country,
        args.level,
        args.code_field,
        args.name_field,
        args.source,
        args.licence,
        args.url,
        strict=args.strict,
    )
    for line in layer_report_lines(report, t):
        print(line)
    return 0


def import_results(store: Store, path: Path, registries: Registries, t: Translator) -> int:
    """Check the whole file, then replace the results of the places it covers; report each place."""
    if not path.is_file():
        raise DataFileError(path.name, [Problem(None, None, "", "not_found", {"path": str(path)})])
    known = set(store.places(igm_only=False)["place_id"])
    checked = read_results(path.read_bytes(), path.name, registries.framework, known)
    for note in checked.notes:
        print(f"  · {note.describe(t)}")
    outcome = store.import_results(checked.findings, checked.answers, path.name)
    print(t("cli.results_imported", file=path.name))
    for (place_id, kind), result in sorted(outcome.items()):
        print(f"  - {place_id} · {t(f'imports.kind_{kind}')}: {t(f'imports.outcome_{result}')}")
    return 0


def paper_form_command(store: Store, args: argparse.Namespace, registries: Registries, t: Translator) -> int:
    everyone = store.places(igm_only=False).set_index("place_id")
    if args.place not in everyone.index:
        print(t("cli.unknown_place", place=args.place), file=sys.stderr)
        return 1
    place = everyone.loc[args.place]
    country = store.countries().set_index("iso3").loc[place["country"], f"name_{t.language}"]
    content = paper_form_pdf(registries.questionnaire, t, place["name"], country)
    if not write_output(args.out, content, t):
        return 1
    print(t("export_cli.written", path=args.out, size=max(1, round(len(content) / 1024))))
    return 0


def import_submissions_command(
    store: Store, args: argparse.Namespace, registries: Registries, t: Translator
) -> int:
    """Check the whole export; store what is new (all or nothing, or the valid rows with --valid-only)."""
    if not args.file.is_file():
        raise DataFileError(args.file.name, [Problem(None, None, "", "not_found", {"path": str(args.file)})])
    report = import_submissions(
        store,
        args.file.read_bytes(),
        args.file.name,
        registries.questionnaire,
        lambda submission_id: t("offline.history_author", id=submission_id),
        valid_only=args.valid_only,
    )
    for note in report.notes:
        print(f"  · {note.describe(t)}")
    print(
        t(
            "offline.imported",
            file=report.file_name,
            tool=t(f"offline.tool_{report.tool}"),
            new=report.new,
            updated=report.updated,
            duplicates=report.duplicates,
            stale=report.stale,
        )
    )
    if report.skipped:
        print(t("offline.skipped"))
        for problem in report.skipped:
            print(f"  - {problem.describe(t)}")
    if report.refused:
        print(t("offline.refused_rows", rows=len(report.refused_rows)), file=sys.stderr)
        for problem in report.refused:
            print(f"  - {problem.describe(t)}", file=sys.stderr)
        print(t("offline.valid_only_note"), file=sys.stderr)
    return 0


def export_command(
    store: Store, args: argparse.Namespace, registries: Registries, settings: Settings, t: Translator
) -> int:
    """Check the request, build the file in memory, and write it only once it is complete.

    --place narrows to one local government and --country to one country; a local government's PDF
    needs --place and a country's PDF --country. The region takes neither.
    """
    request = ExportRequest(args.scope, args.format, args.place, args.country, args.hxl)
    problems = check_request(request, store.places(igm_only=False), set(store.countries()["iso3"]))
    for problem in problems:
        print(t(f"export_cli.{problem.reason}", **problem.params), file=sys.stderr)
    if problems:
        return 1
    q = registries.questionnaire
    return write_export(lambda: export_file(store, q, t, request, font_dir=settings.font_dir), args.out, t)


def export_consultation_command(
    store: Store, args: argparse.Namespace, registries: Registries, settings: Settings, t: Translator
) -> int:
    c = registries.consultation
    return write_export(
        lambda: consultation_file(store, c, t, args.format, font_dir=settings.font_dir), args.out, t
    )


def write_export(build, out: Path, t: Translator) -> int:
    """Build the whole file in memory and write it only once it is complete; no file on a refusal."""
    problem = output_problem(out, t)  # before the work of building it
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        content = build()
    except ExportError as error:
        print(error.message(t), file=sys.stderr)
        return 1
    if not write_output(out, content, t):
        return 1
    print(t("export_cli.written", path=out, size=max(1, round(len(content) / 1024))))
    return 0


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
        print(problem, file=sys.stderr)
        return False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as error:  # no permission, a full disk, a read-only mount
        print(t("cli.os_error", path=out, reason=error.strerror or error), file=sys.stderr)
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
