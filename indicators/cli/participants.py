"""Commands for the seminar's people: the roster, attendance, certificates and the closing report.

    participants import FILE.csv | list [--out FILE.csv] | delete --email E | codes --out FILE.csv
    attendance import FILE.csv
    certificates --out DIR | certificates verify CODE
    report --out FILE.pdf

A refused file prints every problem by row and column and writes nothing (exit 1, as every import).
"""

from pathlib import Path

import pandas as pd

from indicators import verification
from indicators.audit import audited
from indicators.certificates import INDEX_FILE, issue_certificates
from indicators.cli.common import (
    Command,
    Context,
    existing_file,
    output_problem,
    refuse,
    say,
    write_file,
    write_output,
)
from indicators.exports.closing import closing_report_file
from indicators.participants import activities, normalise_email, read_attendance, read_roster, roster_csv


def _places_and_countries(store) -> tuple[dict[str, str], set[str]]:
    everyone = store.places(igm_only=False)
    return dict(zip(everyone["place_id"], everyone["country"], strict=True)), set(store.countries()["iso3"])


def _notes(ctx: Context, notes) -> None:
    for note in notes:
        say(f"  · {note.describe(ctx.t)}")


# --- participants -----------------------------------------------------------------------------


def participants_arguments(parser) -> None:
    parser.add_argument("action", choices=["import", "list", "delete", "codes"])
    parser.add_argument("file", nargs="?", type=Path, help="import: the roster CSV")
    parser.add_argument("--out", type=Path, help="list: write the roster as CSV; codes: where the codes go")
    parser.add_argument("--email", help="delete: the person's e-mail address; codes: only this person")


def participants(ctx: Context, args) -> int:
    t = ctx.t
    if args.action == "import":
        if args.file is None:
            return refuse(t("roster.file_needed"))
        return _import_roster(ctx, existing_file(args.file))
    if args.action == "list":
        return _list_roster(ctx, args.out)
    if args.action == "delete":
        if not args.email:
            return refuse(t("roster.email_needed"))
        email = normalise_email(args.email)
        if not ctx.store.delete_participant(email):
            return refuse(t("roster.no_such_email", email=email))
        ctx.audit("participant_delete", "on request")  # not the address: it was removed on request
        say(t("roster.deleted", email=email))
        return 0
    if args.out is None:
        return refuse(t("roster.out_needed"))
    return _codes(ctx, args.out, args.email)


def _import_roster(ctx: Context, path: Path) -> int:
    t, store = ctx.t, ctx.store
    places, countries = _places_and_countries(store)
    rows, notes = read_roster(path.read_bytes(), path.name, places, countries)
    new, updated = audited(
        store, ctx.who, "roster_import", path.name, lambda: store.save_roster(rows, ctx.actor)
    )
    _notes(ctx, notes)
    say(t("roster.imported", file=path.name, new=new, updated=updated))
    return 0


def _list_roster(ctx: Context, out: Path | None) -> int:
    t, store = ctx.t, ctx.store
    roster = store.participants()
    keys = [a.key for a in activities(ctx.registries.seminar)]
    content = roster_csv(roster, store.attendance(), keys)
    if out is not None:
        if not write_output(out, content, t):
            return 1
        ctx.audit("export", f"roster {out.name}")
        say(t("roster.listed", count=len(roster), path=out))
        return 0
    if roster.empty:
        say(t("roster.empty"))
        return 0
    print(content.decode("utf-8-sig"), end="")
    return 0


def _codes(ctx: Context, out: Path, email: str | None) -> int:
    """Personal check-in codes, written once to `out` (never stored in plain text): for everyone
    without one, or for the one person named (whose earlier code then stops working)."""
    t, store = ctx.t, ctx.store
    problem = output_problem(out, t)
    if problem:
        return refuse(problem)
    roster = store.participants()
    if email:
        chosen = roster[roster["email"] == normalise_email(email)]
        if chosen.empty:
            return refuse(t("roster.no_such_email", email=normalise_email(email)))
    else:
        chosen = roster[~roster["has_code"].astype(bool)]
    codes = audited(
        store,
        ctx.who,
        "participant_codes",
        str(len(chosen)),
        lambda: store.create_participant_codes(list(chosen["participant_id"])),
    )
    table = pd.DataFrame(
        {"name": chosen["name"], "email": chosen["email"], "code": chosen["participant_id"].map(codes)}
    )
    if not write_output(out, ("\ufeff" + table.to_csv(index=False, lineterminator="\n")).encode(), t):
        return 1
    say(t("roster.codes_written", count=len(table), path=out))
    return 0


# --- attendance -------------------------------------------------------------------------------


def attendance_arguments(parser) -> None:
    parser.add_argument("action", choices=["import"])
    parser.add_argument("file", type=Path, help="CSV with email,activity,attended (yes/no)")


def attendance(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    path = existing_file(args.file)
    roster = store.participants()
    found = activities(ctx.registries.seminar)
    rows, notes = read_attendance(path.read_bytes(), path.name, set(roster["email"]), found)
    ids = dict(zip(roster["email"], roster["participant_id"], strict=True))
    marks = [(ids[r["email"]], r["activity"], r["attended"]) for r in rows]
    audited(
        store,
        ctx.who,
        "attendance_import",
        path.name,
        lambda: store.record_attendance(marks, "import", ctx.actor),
    )
    _notes(ctx, notes)
    say(t("attendance.imported", file=path.name, count=len(rows)))
    for activity in found:
        marks = [r for r in rows if r["activity"] == activity.key]
        if marks:
            yes = sum(r["attended"] for r in marks)
            say(f"  {activity.key}: " + t("attendance.imported_activity", yes=yes, no=len(marks) - yes))
    return 0


# --- certificates -----------------------------------------------------------------------------


def certificates_arguments(parser) -> None:
    parser.add_argument(
        "action", nargs="?", choices=["verify"], help="verify CODE: is this a real certificate?"
    )
    parser.add_argument("code", nargs="?", help="the code printed on a certificate")
    parser.add_argument("--out", type=Path, help="the folder the PDFs are written to")
    parser.add_argument(
        "--base-url", help="the app's public address for the QR codes (default: IGM_PUBLIC_URL)"
    )


def certificates(ctx: Context, args) -> int:
    t = ctx.t
    if args.action == "verify":
        return _verify(ctx, args.code) if args.code else refuse(t("certificates.out_needed"))
    if args.out is None:
        return refuse(t("certificates.out_needed"))
    base = (args.base_url or ctx.settings.public_url).strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        return refuse(t("certificates.no_base_url"))
    out: Path = args.out
    if out.exists() and not out.is_dir():
        return refuse(t("certificates.out_not_folder", path=out))
    issued = issue_certificates(ctx.store, ctx.registries.seminar, t, base, ctx.actor, ctx.settings.font_dir)
    ctx.audit("certificates_issue", str(len(issued.files)))  # their codes are stored: issued
    for name, content in issued.files.items():
        if not write_output(out / name, content, t):
            return 1
    if issued.files and not write_output(out / INDEX_FILE, issued.index_csv(), t):
        return 1
    say(t("certificates.written", count=len(issued.files), path=out))
    titles = {a.key: a.title[t.language] for a in activities(ctx.registries.seminar)}
    if issued.missing:
        say(t("certificates.missing_title", count=len(issued.missing)))
    for name, email, keys in issued.missing:
        missing = "; ".join(f"{k} ({titles[k]})" for k in keys)
        say(f"  - {name} <{email}>: {missing}")
    return 0


def _verify(ctx: Context, typed: str) -> int:
    t = ctx.t
    code = verification.normalise(typed)
    found = ctx.store.certificate_for_code(code) if code else None
    if found is None:
        return refuse(t("verify.cli_invalid", code=typed))
    seminar = found["seminar"]
    say(
        t(
            "verify.cli_valid",
            name=found["name"],
            seminar=seminar["title"][t.language],
            date=t.long_date(found["issued_at"].date()),
        )
    )
    return 0


# --- the closing report -----------------------------------------------------------------------


def report_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="the PDF to write")


def report(ctx: Context, args) -> int:
    r = ctx.registries
    font_dir = ctx.settings.font_dir
    code = write_file(
        lambda: closing_report_file(ctx.store, r.questionnaire, r.consultation, r.seminar, ctx.t, font_dir),
        args.out,
        ctx.t,
    )
    if code == 0:
        ctx.audit("export", f"closing report {args.out.name}")
    return code


COMMANDS = (
    Command(
        "participants",
        "the seminar's roster: import, list, delete, codes",
        participants_arguments,
        participants,
    ),
    Command(
        "attendance",
        "import attendance per activity (a CSV)",
        attendance_arguments,
        attendance,
    ),
    Command(
        "certificates",
        "write certificates (PDF) or verify a code",
        certificates_arguments,
        certificates,
    ),
    Command("report", "the seminar's closing report (PDF)", report_arguments, report),
)
