"""Commands of the follow-up after the seminar: rounds of the self-assessment and commitments.

    rounds list | open KEY --name-es "…" --name-en "…" | close KEY
    commitments list [--place ID] [--country ISO3] [--round KEY] --out FILE.csv
    commitments update ID --status S [--note "…"] [--evidence URL]
    commitments show ID

Every change is written under the system user who typed it (`ctx.actor`), kept in the commitment's
history; a refused change writes nothing and exits 1.
"""

from pathlib import Path

import pandas as pd

from indicators.audit import audited
from indicators.cli.common import Command, Context, known_place, refuse, say, write_output
from indicators.commitments import STATUSES, CommitmentRefused
from indicators.exports.followup import commitments_csv, describe_change
from indicators.exports.tables import Names
from indicators.rounds import RoundRefused, key_problem, name_problem, round_name
from indicators.seminar import shown_zone


def rounds_arguments(parser) -> None:
    parser.add_argument("action", choices=["list", "open", "close"])
    parser.add_argument("key", nargs="?", help="the round's key, e.g. seguimiento-2023 (open, close)")
    parser.add_argument("--name-es", help="the round's name in Spanish (a new round)")
    parser.add_argument("--name-en", help="the round's name in English (a new round)")


def rounds_command(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if args.action == "list":
        rounds = store.rounds()
        zone = shown_zone(ctx.settings.timezone, ctx.registries.seminar["timezone"], None)

        def day(moment) -> str:  # stored on the server's clock, said in the seminar's zone
            return t.long_date(moment.to_pydatetime().astimezone(zone).date())

        for row in rounds.itertuples():
            state = (
                t("rounds.state_open", date=day(row.opened_at))
                if pd.isna(row.closed_at)
                else t("rounds.state_closed", date=day(row.closed_at))
            )
            mark = "*" if pd.isna(row.closed_at) else " "
            say(f"{row.round_key} {mark} {getattr(row, f'name_{t.language}')} · {state}")
        if store.open_round() is None:
            say(t("rounds.none_open_note"))
        return 0
    if not args.key:
        return refuse(t("rounds.key_required", action=args.action))
    if key_problem(args.key):
        return refuse(t("rounds.bad_key", round=args.key))
    try:
        if args.action == "open":
            for option, name in (("--name-es", args.name_es), ("--name-en", args.name_en)):
                if name is not None and name_problem(name):
                    return refuse(t(f"rounds.{name_problem(name)}", option=option))
            audited(
                store,
                ctx.who,
                "round_open",
                args.key,
                lambda: store.start_round(args.key, _name(args.name_es), _name(args.name_en), ctx.actor),
            )
            say(t("rounds.opened_ok", round=args.key))
        else:
            audited(store, ctx.who, "round_close", args.key, lambda: store.close_round(args.key, ctx.actor))
            say(t("rounds.closed_ok", round=args.key))
    except RoundRefused as refused:
        return refuse(t(f"rounds.{refused.reason}", **refused.params))
    return 0


def _name(text: str | None) -> str | None:
    return text.strip() if text else None


def commitments_arguments(parser) -> None:
    parser.add_argument("action", choices=["list", "update", "show"])
    parser.add_argument("id", nargs="?", help="a commitment's id (update, show), as `list` writes it")
    parser.add_argument("--place", help="list: one place id, e.g. hnd-danli")
    parser.add_argument("--country", help="list: one country, ISO3 code, e.g. HND")
    parser.add_argument("--round", help="list: one round's key")
    parser.add_argument("--out", type=Path, help="list: the CSV file to write")
    parser.add_argument("--status", help=f"update: one of {', '.join(STATUSES)}")
    parser.add_argument("--note", help='update: a progress note ("" clears it)')
    parser.add_argument("--evidence", help='update: an http(s) link to evidence ("" clears it)')


def commitments_command(ctx: Context, args) -> int:
    return {"list": _list, "update": _update, "show": _show}[args.action](ctx, args)


def _list(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if args.out is None:
        return refuse(t("commitments.out_required"))
    country = args.country.upper() if args.country else None
    if args.place and not known_place(ctx, args.place):
        return refuse(t("cli.unknown_place", place=args.place))
    if country and country not in set(store.countries()["iso3"]):
        return refuse(t("commitments.unknown_country", country=country))
    rounds = store.rounds()
    if args.round and args.round not in set(rounds["round_key"]):
        return refuse(t("rounds.unknown", round=args.round))
    found = store.commitments(args.place, country, args.round)
    names = Names.from_frames(store.places(igm_only=False), store.countries(), t.language)
    content = commitments_csv(found, ctx.registries.questionnaire, t, names, rounds)
    if not write_output(args.out, content, t):
        return 1
    say(t("commitments.listed", count=len(found), path=args.out))
    return 0


def _update(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if not args.id:
        return refuse(t("commitments.id_required", action="update"))
    if args.status is None and args.note is None and args.evidence is None:
        return refuse(t("commitments.nothing_to_update"))
    try:
        fields = audited(
            store,
            ctx.who,
            "commitment_update",
            lambda changed: f"{args.id} {','.join(changed)}" if changed else None,
            lambda: store.update_commitment(args.id, ctx.actor, args.status, args.note, args.evidence),
        )
    except CommitmentRefused as refused:
        for problem in refused.problems:
            refuse(t(f"commitments.{problem}", id=args.id, allowed=", ".join(STATUSES)))
        refuse(t("commitments.nothing_written"))
        return 1
    say(t("commitments.updated", id=args.id) if fields else t("commitments.unchanged", id=args.id))
    return 0


def _show(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if not args.id:
        return refuse(t("commitments.id_required", action="show"))
    found = store.commitment(args.id)
    if found is None:
        return refuse(t("commitments.unknown", id=args.id))
    q, lang = ctx.registries.questionnaire, t.language
    area = q.area_by_key.get(found["area_key"])
    say(f"{found['commitment_id']} · {found['place_id']} ({found['country']})")
    if found["is_example"]:
        say(t("commitments.example_one"))
    rows = [
        ("area", area.name[lang] if area else found["area_key"]),
        ("gcm", ", ".join(str(n) for n in area.gcm) if area else ""),
        ("round", round_name(store.rounds(), found["round_key"], lang)),
        ("action", found["action"]),
        ("office", found["office"] or "—"),
        ("due_date", _day(t, found["due_date"])),
        ("status", t(f"commitments.status_{found['status']}")),
        ("note", found["note"] or "—"),
        ("evidence_url", found["evidence_url"] or "—"),
    ]
    for key, value in rows:
        say(f"  {t(f'commitments.col_{key}')}: {value}")
    if found["withdrawn"]:
        say(f"  {t('commitments.withdrawn_note')}")
    say(t("commitments.history"))
    zone = shown_zone(ctx.settings.timezone, ctx.registries.seminar["timezone"], None)
    for change in store.commitment_changes(args.id).to_dict("records"):
        moment = change["changed_at"].to_pydatetime().astimezone(zone)  # stored on the server's clock
        when = f"{moment:%Y-%m-%d %H:%M} {zone.key}"
        say(f"  {when} · {change['author']} · {describe_change(change, t)}")
    return 0


def _day(t, value) -> str:
    return "—" if value is None or pd.isna(value) else t.long_date(pd.Timestamp(value).date())


COMMANDS = (
    Command(
        "rounds",
        "rounds of the self-assessment: list, open, close",
        rounds_arguments,
        rounds_command,
    ),
    Command(
        "commitments",
        "commitments: list, update, show",
        commitments_arguments,
        commitments_command,
    ),
)
