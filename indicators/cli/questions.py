"""Commands on the room's questions: `questions export --out FILE.csv` (every question, hidden ones too:
id, session, text, votes, state, time) and `questions hide ID` (never shown again but in the
organisers' list). Whoever runs a command holds the database already, so it acts as an organiser;
a hidden question records the system user who hid it (`ctx.actor`).
"""

import datetime as dt
from pathlib import Path

from indicators import questions
from indicators.cli.common import Command, Context, refuse, say, write_file
from indicators.exports.questions import questions_csv

ACTIONS = ("export", "hide")


def questions_arguments(parser) -> None:
    parser.add_argument("action", choices=ACTIONS, help="export: every question as CSV; hide: one question")
    parser.add_argument(
        "id", nargs="?", help="hide: the question's ID, as in the export (6 letters and digits)"
    )
    parser.add_argument(
        "--out", type=Path, help="export: the CSV file (id, session, text, votes, state, time)"
    )
    parser.add_argument(
        "--session", help="export: only this session's questions (a key of seminar.toml, e.g. s1)"
    )


def questions_command(ctx: Context, args) -> int:
    if args.action == "export":
        if args.out is None:
            return refuse(ctx.t("questions.cli_out_required"))
        return export(ctx, args)
    if not args.id:
        return refuse(ctx.t("questions.cli_id_required"))
    return hide(ctx, args)


def export(ctx: Context, args) -> int:
    t = ctx.t
    sessions = questions.session_keys(ctx.registries.seminar)
    if args.session is not None and args.session not in sessions:
        return refuse(t("questions.cli_unknown_session", session=args.session, sessions=", ".join(sessions)))
    store = ctx.store
    return write_file(lambda: questions_csv(store.questions(args.session), t, dt.date.today()), args.out, t)


def hide(ctx: Context, args) -> int:
    t = ctx.t
    question_id = questions.normalise_id(args.id)
    if question_id is None or not ctx.store.set_question_state(question_id, "hidden", ctx.actor):
        return refuse(t("questions.cli_unknown", id=args.id))
    say(t("questions.cli_hidden", id=question_id))
    return 0


COMMANDS = (
    Command(
        "questions", "the room's questions: export them, hide one", questions_arguments, questions_command
    ),
)
