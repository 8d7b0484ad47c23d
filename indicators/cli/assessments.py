"""Commands for the self-assessment: access codes, example data, the XLSForm, paper form, offline answers."""

import datetime as dt
from pathlib import Path

from indicators import access
from indicators.audit import audited, revoked_codes, shown_day, shown_time
from indicators.cli.accounts import aligned
from indicators.cli.common import (
    Command,
    Context,
    existing_file,
    known_place,
    place_file_command,
    refuse,
    say,
    write_output,
)
from indicators.demo import generate_assessments, generate_results
from indicators.paper_form import paper_form_pdf
from indicators.submissions import import_submissions
from indicators.xlsform import xlsform_bytes

MAX_CODES_AT_ONCE = 200
MAX_DEMO_ASSESSMENTS = 100_000
MAX_DEMO_RESULT_PLACES = 50


def codes_arguments(parser) -> None:
    parser.add_argument("action", choices=["create", "list", "revoke"])
    parser.add_argument("--place", help="place id, e.g. hnd-danli (revoke: every code of the place)")
    parser.add_argument("--count", type=int, default=1, help=f"how many codes (1 to {MAX_CODES_AT_ONCE})")
    parser.add_argument(
        "--expires", help="create: the last day the codes open the form (YYYY-MM-DD; default: IGM_CODE_DAYS)"
    )
    parser.add_argument("--code", help="revoke: this code (e.g. a leaked one)")
    parser.add_argument("--id", dest="code_id", help="revoke: the code with this short id (from codes list)")


def codes(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if args.place and not known_place(ctx, args.place):
        return refuse(t("cli.unknown_place", place=args.place))
    if args.action == "list":
        return list_codes(ctx, args.place)
    if args.action == "revoke":
        return revoke_codes(ctx, args)
    if not args.place:
        return refuse(t("codes.place_required"))
    if not 1 <= args.count <= MAX_CODES_AT_ONCE:
        return refuse(t("cli.bad_count", high=MAX_CODES_AT_ONCE))
    today = dt.date.today()
    if args.expires:
        try:
            expires = dt.date.fromisoformat(args.expires)
        except ValueError:
            return refuse(t("codes.bad_expires", value=args.expires))
        if problem := access.expiry_problem(expires, today):
            return refuse(t(f"codes.{problem}", date=t.long_date(expires), today=t.long_date(today)))
    else:
        expires = access.default_expiry(today, ctx.settings.code_days)
    created = audited(
        store,
        ctx.who,
        "codes_create",
        f"{args.place} ({args.count})",
        lambda: store.create_access_codes(args.place, args.count, created_by=ctx.actor, expires_on=expires),
    )
    say(t("cli.codes_created", count=args.count, place=args.place))
    for code in created:
        say(code)
    say(t("codes.valid_through", date=t.long_date(expires)) if expires else t("codes.no_expiry"))
    return 0


def list_codes(ctx: Context, place_id: str | None) -> int:
    t = ctx.t
    listed = ctx.store.access_codes([place_id] if place_id else None)
    if listed.empty:
        say(t("org.no_codes"))
        return 0
    columns = ("code_id", "place_id", "created_at", "created_by", "expires_on", "last_used_at", "state")
    rows = [[t(f"codes.col_{c}") for c in columns]]
    for row in listed.itertuples(index=False):
        rows.append(
            [
                row.code_id,
                row.place_id,
                shown_time(row.created_at),
                row.created_by,
                shown_day(row.expires_on),
                shown_time(row.last_used_at),
                t(f"codes.state_{row.state}"),
            ]
        )
    say(aligned(rows))
    return 0


def revoke_codes(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    given = [name for name, value in (("code", args.code), ("id", args.code_id)) if value]
    if len(given) + bool(args.place) != 1:
        return refuse(t("codes.revoke_one_way"))
    code = None
    if args.code:
        code = access.normalise(args.code)
        if code is None or store.access_code_state(code) is None:
            return refuse(t("codes.unknown_code"))
    revoked = audited(
        store,
        ctx.who,
        "codes_revoke",
        revoked_codes,
        lambda: store.revoke_access_codes(
            ctx.actor,
            code=code,
            code_ids=[args.code_id.strip().lower()] if args.code_id else None,
            place_id=args.place,
        ),
    )
    if revoked.empty:
        return refuse(t("codes.nothing_to_revoke"))
    say(t("codes.revoked", count=len(revoked)))
    for row in revoked.itertuples(index=False):
        say(f"  {row.code_id}  {row.place_id}")
    return 0


def demo_data_arguments(parser) -> None:
    parser.add_argument("--assessments", type=int, default=100, help="example assessments (default 100)")
    parser.add_argument(
        "--result-places",
        type=int,
        default=3,
        help="places without real results that get example IGM results (default 3)",
    )
    parser.add_argument(
        "--actions",
        action="store_true",
        help="give most top-3 areas an example proposed action (the words step; example commitments)",
    )
    parser.add_argument("--round", help="the round the example assessments go to (default: the open one)")


def demo_data(ctx: Context, args) -> int:
    t = ctx.t
    count, result_places = args.assessments, args.result_places
    if not 0 <= count <= MAX_DEMO_ASSESSMENTS or not 0 <= result_places <= MAX_DEMO_RESULT_PLACES:
        return refuse(t("cli.bad_count", high=MAX_DEMO_ASSESSMENTS))
    if count:
        round_key = args.round or ctx.store.open_round()
        if args.round and args.round not in set(ctx.store.rounds()["round_key"]):
            return refuse(t("rounds.unknown", round=args.round))
        if round_key is None:
            return refuse(t("rounds.none_open_examples"))
        generate_assessments(
            ctx.store, ctx.registries.questionnaire, count, actions=args.actions, round_key=round_key
        )
        say(t("cli.demo_created", count=count))
        say(t("rounds.examples_in", round=round_key))
    if result_places:
        chosen = generate_results(ctx.store, ctx.registries.framework, result_places)
        say(t("cli.demo_results_created", places=", ".join(chosen) or "—"))
    return 0


def xlsform_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, required=True)


def xlsform(ctx: Context, args) -> int:
    store = ctx.store
    form = xlsform_bytes(ctx.registries.questionnaire, store.places(igm_only=False), store.countries())
    if not write_output(args.out, form, ctx.t):
        return 1
    ctx.audit("export", f"xlsform {args.out.name}")
    say(ctx.t("cli.xlsform_written", path=args.out))
    return 0


def paper_form(ctx: Context, place_id: str) -> bytes:
    t, store = ctx.t, ctx.store
    place = store.places(igm_only=False).set_index("place_id").loc[place_id]
    country = store.countries().set_index("iso3").loc[place["country"], f"name_{t.language}"]
    return paper_form_pdf(ctx.registries.questionnaire, t, place["name"], country, ctx.settings.font_dir)


def import_submissions_arguments(parser) -> None:
    parser.add_argument("file", type=Path, help="the CSV or XLSX export of the app's XLSForm")
    parser.add_argument(
        "--valid-only", action="store_true", help="import the valid rows and list the refused ones"
    )


def import_submissions_command(ctx: Context, args) -> int:
    """Check the whole export; store what is new (all or nothing, or the valid rows with --valid-only)."""
    t, store = ctx.t, ctx.store
    path = existing_file(args.file)
    report = import_submissions(
        store,
        path.read_bytes(),
        path.name,
        ctx.registries.questionnaire,
        lambda submission_id: t("offline.history_author", id=submission_id),
        valid_only=args.valid_only,
    )
    # After the import's own commit: its reading must not hold the write lock (indicators/audit.py).
    ctx.audit("import_answers", f"{path.name} ({report.written})")
    for note in report.notes:
        say(f"  · {note.describe(t)}")
    say(
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
        say(t("offline.skipped"))
        for problem in report.skipped:
            say(f"  - {problem.describe(t)}")
    if report.refused:
        refuse(t("offline.refused_rows", rows=len(report.refused_rows)))
        for problem in report.refused:
            refuse(f"  - {problem.describe(t)}")
        refuse(t("offline.valid_only_note"))
    return 0


COMMANDS = (
    Command("codes", "access codes for the self-assessment", codes_arguments, codes),
    Command(
        "demo-data",
        "generate example assessments and IGM results (labelled)",
        demo_data_arguments,
        demo_data,
    ),
    Command("xlsform", "write the questionnaire as an XLSForm", xlsform_arguments, xlsform),
    place_file_command(
        "paper-form", "the questionnaire as a printable A4 booklet (PDF)", paper_form, audit=True
    ),
    Command(
        "import-submissions",
        "import answers exported from KoboToolbox or ODK Central",
        import_submissions_arguments,
        import_submissions_command,
    ),
)
