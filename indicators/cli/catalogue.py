"""Commands that bring facts in: the places catalogue (checked only), IGM results, official boundaries."""

from pathlib import Path

from indicators import places
from indicators.audit import audited
from indicators.bundle import bundled_country_boxes
from indicators.cli.common import Command, Context, existing_file, say
from indicators.layers import ADMIN_LEVELS, import_layer_file, layer_report_lines
from indicators.results import read_results


def check_places_arguments(parser) -> None:
    parser.add_argument("file", type=Path)


def check_places(ctx: Context, args) -> int:
    known = set(ctx.registries.countries["iso3"])
    checked = places.read_places(args.file, known, bundled_country_boxes(ctx.settings.data_dir, known))
    say(ctx.t("cli.valid", path=args.file, count=len(checked)))
    return 0


def import_results_arguments(parser) -> None:
    parser.add_argument("file", type=Path)


def import_results(ctx: Context, args) -> int:
    """Check the whole file, then replace the results of the places it covers; report each place."""
    t, store = ctx.t, ctx.store
    path = existing_file(args.file)
    known = set(store.places(igm_only=False)["place_id"])
    checked = read_results(path.read_bytes(), path.name, ctx.registries.framework, known)
    for note in checked.notes:
        say(f"  · {note.describe(t)}")
    outcome = audited(
        store,
        ctx.who,
        "import_results",
        path.name,
        lambda: store.import_results(checked.findings, checked.answers, path.name),
    )
    say(t("cli.results_imported", file=path.name))
    for (place_id, kind), result in sorted(outcome.items()):
        say(f"  - {place_id} · {t(f'imports.kind_{kind}')}: {t(f'imports.outcome_{result}')}")
    return 0


def import_boundaries_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="GeoJSON, TopoJSON, GeoPackage or zipped Shapefile")
    parser.add_argument("--country", required=True, help="ISO3 code, e.g. MEX")
    parser.add_argument("--level", required=True, choices=ADMIN_LEVELS)
    parser.add_argument("--code-field", required=True, help="the field holding the official code")
    parser.add_argument("--name-field", help="the field holding the name (used when codes do not match)")
    parser.add_argument("--source", required=True, help="e.g. 'INEGI, Marco Geoestadístico 2023'")
    parser.add_argument("--licence", required=True, help="e.g. 'Libre uso de la información del INEGI'")
    parser.add_argument("--url", default="", help="where the file comes from (http or https)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse the file if a feature has an empty or placeholder code, or shares its code with"
        " a feature of another name (by default such features are left out and listed)",
    )


def import_boundaries(ctx: Context, args) -> int:
    """Check the whole file, replace the layer, and say which places got a polygon and which did not."""
    report = import_layer_file(
        ctx.store,
        existing_file(args.file),
        args.country,
        args.level,
        args.code_field,
        args.name_field,
        args.source,
        args.licence,
        args.url,
        strict=args.strict,
    )
    ctx.audit("import_layer", f"{args.country} {args.level} {args.file.name}")
    for line in layer_report_lines(report, ctx.t):
        say(line)
    return 0


COMMANDS = (
    Command(
        "check-places",
        "validate a places CSV file; writes nothing",
        check_places_arguments,
        check_places,
        db=False,
    ),
    Command(
        "import-results",
        "import local IGM results from a CSV or XLSX file",
        import_results_arguments,
        import_results,
    ),
    Command(
        "import-boundaries",
        "import an official boundary layer",
        import_boundaries_arguments,
        import_boundaries,
    ),
)
