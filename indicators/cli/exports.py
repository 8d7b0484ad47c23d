"""Commands that write downloadable files: priority summaries and the consultation's results."""

from pathlib import Path

from indicators.audit import export_target
from indicators.cli.common import Command, Context, refuse, write_file
from indicators.exports import FORMATS, ExportRequest, check_request, consultation_file, export_file
from indicators.summary import SCOPE_ALIASES, SCOPES


def export_arguments(parser) -> None:
    parser.add_argument(
        "--scope",
        choices=[*SCOPES, *SCOPE_ALIASES],
        required=True,
        help="local_government (alias: municipality), country or region",
    )
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--place", help="place id, e.g. hnd-danli (a local government)")
    parser.add_argument("--country", help="ISO3 code, e.g. HND")
    parser.add_argument("--hxl", action="store_true", help="HXL hashtag row under the headers (CSV, XLSX)")
    parser.add_argument("--round", help="one round's answers (a key of `rounds list`), with its commitments")
    parser.add_argument("--compare-to", help="with --round: the change since this round (places in both)")


def export_command(ctx: Context, args) -> int:
    """Check the request, build the file in memory, and write it only once it is complete.

    --place narrows to one local government and --country to one country; a local government's PDF
    needs --place and a country's PDF --country. The region takes neither. --round exports that
    round's answers and commitments, --compare-to adds the change since another round.
    """
    t, store = ctx.t, ctx.store
    request = ExportRequest(
        args.scope,
        args.format,
        place_id=args.place,
        country=args.country,
        hxl=args.hxl,
        round_key=args.round,
        compare_to=args.compare_to,
    )
    rounds = set(store.rounds()["round_key"])
    problems = check_request(request, store.places(igm_only=False), set(store.countries()["iso3"]), rounds)
    for problem in problems:
        refuse(t(f"export_cli.{problem.reason}", **problem.params))
    if problems:
        return 1
    q, font_dir = ctx.registries.questionnaire, ctx.settings.font_dir
    code = write_file(lambda: export_file(store, q, t, request, font_dir=font_dir), args.out, t)
    if code == 0:
        ctx.audit("export", export_target(request))
    return code


def export_consultation_arguments(parser) -> None:
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True)


def export_consultation(ctx: Context, args) -> int:
    t, store, c = ctx.t, ctx.store, ctx.registries.consultation
    font_dir = ctx.settings.font_dir
    code = write_file(lambda: consultation_file(store, c, t, args.format, font_dir=font_dir), args.out, t)
    if code == 0:
        ctx.audit("export", f"consultation {args.format}")
    return code


COMMANDS = (
    Command("export", "priority summaries as CSV, XLSX or PDF", export_arguments, export_command),
    Command(
        "export-consultation",
        "the seminar consultation's results",
        export_consultation_arguments,
        export_consultation,
    ),
)
