"""Commands for learning from each other: a place's peers, good practices (import, list, review) and a
place's profile as a PDF."""

import argparse
import datetime as dt
import random
from pathlib import Path

import pandas as pd

from indicators.audit import audited
from indicators.cli.common import (
    Command,
    Context,
    existing_file,
    known_place,
    place_file_command,
    refuse,
    say,
)
from indicators.exports.profile_pdf import stored_profile_pdf
from indicators.peers import SHOWN_PEERS, find_peers
from indicators.practices import STATES, example_practices, read_practices

MAX_EXAMPLE_PLACES = 50


def _place_label(store, place_id: str) -> str:
    row = store.places(igm_only=False).set_index("place_id").loc[place_id]
    return f"{row['name']} ({row['country']})"


# --- peers ------------------------------------------------------------------------------------------


def peers_arguments(parser) -> None:
    parser.add_argument("--place", required=True, help="place id, e.g. hnd-danli")
    parser.add_argument(
        "--limit", type=int, default=SHOWN_PEERS, help=f"similar places shown (default {SHOWN_PEERS})"
    )


def peers_command(ctx: Context, args) -> int:
    """The place's priority areas, the places sharing them, and who could share their experience."""
    t, store, q = ctx.t, ctx.store, ctx.registries.questionnaire
    if not known_place(ctx, args.place):
        return refuse(t("cli.unknown_place", place=args.place))
    if args.limit < 1:
        return refuse(t("cli.bad_count", high=100))
    lang = t.language
    found = find_peers(store, q, args.place, args.limit)
    labels = {p: _place_label(store, p) for p in [args.place, *found.places]}
    say(t("peers.cli_title", place=labels[args.place]))
    say(t("peers.method_short"))
    if not found.top_areas:
        say(t("peers.no_submission"))
        return 0
    if found.any_examples:
        say(t("peers.examples"))
    contacts = store.peer_contacts(found.places)

    def who(place_id: str, examples: bool) -> str:
        shared = contacts.get(place_id)
        contact = ", ".join(shared) if shared else t("peers.through_organisers")
        mark = f" [{t('peers.example_mark')}]" if examples else ""
        return f"{labels[place_id]}{mark} · {t('peers.contact')}: {contact}"

    say(t("peers.own_areas", count=len(found.top_areas)))
    for area in found.top_areas:
        say(f"  - {q.area_by_key[area].name[lang]}")
    say(t("peers.similar_title"))
    if not found.similar:
        say(f"  {t('peers.similar_none')}")
    for peer in found.similar:
        say(f"  - {who(peer.place_id, peer.examples)}")
        say(
            f"    {t('peers.in_common', shared=len(peer.shared), total=len(found.top_areas))}: "
            + "; ".join(q.area_by_key[a].name[lang] for a in peer.shared)
        )
    say(t("peers.experienced_title"))
    for area, places in found.experienced.items():
        say(f"  - {q.area_by_key[area].name[lang]}:")
        if not places:
            say(f"      {t('peers.experienced_none')}")
        for place in places:
            say(f"      · {who(place.place_id, place.examples)}")
    return 0


# --- practices --------------------------------------------------------------------------------------


def practices_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    # --db after the action too (`practices list --db X`); SUPPRESS keeps one given before it.
    db = {"help": "database file or postgresql:// URL", "default": argparse.SUPPRESS}
    imported = actions.add_parser("import", help="check a CSV of practices whole, then add them as pending")
    imported.add_argument(
        "file", type=Path, help="columns: place_id,area_key,title,description,url,year,source"
    )
    listed = actions.add_parser("list", help="practices, newest first")
    listed.add_argument("--state", choices=STATES, help="only those in this state")
    listed.add_argument("--place", help="only this place's")
    for decision in ("approve", "reject"):
        decided = actions.add_parser(decision, help=f"{decision} a practice (its id, from `practices list`)")
        decided.add_argument("id")
    examples = actions.add_parser("examples", help="add approved EXAMPLE practices (labelled), for demos")
    examples.add_argument("--places", type=int, default=5, help="how many places get one (default 5)")
    for sub in actions.choices.values():
        sub.add_argument("--db", **db)


def practices_command(ctx: Context, args) -> int:
    return {
        "import": import_practices,
        "list": list_practices,
        "approve": review,
        "reject": review,
        "examples": add_examples,
    }[args.action](ctx, args)


def import_practices(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    path = existing_file(args.file)
    known = set(store.places(igm_only=False)["place_id"])
    areas = [a.key for a in ctx.registries.questionnaire.areas]
    checked = read_practices(path.read_bytes(), path.name, known, areas)
    added, already = audited(
        store,
        ctx.who,
        "practices_import",
        path.name,
        lambda: store.add_practices(checked, ctx.actor, file_name=path.name),
    )
    say(t("practices.imported", file=path.name, added=len(added), already=already))
    for practice_id in added:
        say(f"  - {practice_id}")
    return 0


def list_practices(ctx: Context, args) -> int:
    t, store, q = ctx.t, ctx.store, ctx.registries.questionnaire
    if args.place and not known_place(ctx, args.place):
        return refuse(t("cli.unknown_place", place=args.place))
    rows = store.practices(state=args.state, place_id=args.place)
    if rows.empty:
        say(t("practices.none"))
        return 0
    for row in rows.itertuples():
        area = q.area_by_key[row.area_key].name[t.language] if row.area_key in q.area_by_key else row.area_key
        mark = f" [{t('peers.example_mark')}]" if row.is_example else ""
        state = t(f"practices.state_{row.state}")
        say(f"{row.practice_id} · {state}{mark} · {row.place_name} ({row.country})")
        say(f"    {area}: {row.title}" + (f" ({row.year})" if pd.notna(row.year) else ""))
    return 0


def review(ctx: Context, args) -> int:
    t = ctx.t
    decision = {"approve": "approved", "reject": "rejected"}[args.action]
    # Whoever runs the command holds the database (docs/accounts.md): the decision is recorded under
    # the system user who typed it, and in the audit trail.
    before = ctx.store.review_practice(args.id, decision, ctx.actor)
    if before is None:
        return refuse(t("practices.unknown_id", id=args.id))
    ctx.audit("practice_review", f"{args.id} {decision}")
    say(t(f"practices.done_{decision}", id=args.id, before=t(f"practices.state_{before}")))
    return 0


def add_examples(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    if not 1 <= args.places <= MAX_EXAMPLE_PLACES:
        return refuse(t("cli.bad_count", high=MAX_EXAMPLE_PLACES))
    rng = random.Random(2022)
    chosen = sorted(rng.sample(sorted(store.places()["place_id"]), args.places))
    made = example_practices(chosen, ctx.registries.questionnaire, rng)
    added, _ = store.add_practices(made, ctx.actor, is_example=True, state="approved")
    say(t("practices.examples_added", count=len(added)))
    return 0


# --- the profile as a PDF ---------------------------------------------------------------------------


def profile(ctx: Context, place_id: str) -> bytes:
    return stored_profile_pdf(
        ctx.store, ctx.registries, place_id, ctx.t, dt.date.today(), ctx.settings.font_dir
    )


COMMANDS = (
    Command(
        "peers",
        "local governments with similar priorities (peers)",
        peers_arguments,
        peers_command,
    ),
    Command(
        "practices",
        "good practices: import a CSV, list, approve or reject",
        practices_arguments,
        practices_command,
    ),
    place_file_command("profile", "a place's local IGM profile as a PDF", profile),
)
