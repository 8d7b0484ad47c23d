"""Commands for organiser accounts and the audit trail: `accounts add|list|disable|enable|reset`, `audit`.

Whoever runs a command is trusted with the database already (the file, or the PostgreSQL URL), so the
command line acts for every role; each change it makes is in the audit trail under the system user
(`ctx.actor`).
"""

import datetime as dt
import sys
from pathlib import Path

from indicators import accounts
from indicators.accounts import Account
from indicators.audit import ACTIONS, audit_csv, audited, shown_time
from indicators.cli.common import Command, Context, refuse, say, write_file
from indicators.store import AccountTaken

ACCOUNT_ACTIONS = ("add", "list", "disable", "enable", "reset")


def accounts_arguments(parser) -> None:
    parser.add_argument("action", choices=ACCOUNT_ACTIONS)
    parser.add_argument("--user", help="the user name, typed to log in (no spaces)")
    parser.add_argument("--role", choices=accounts.ROLES, help="admin, focal (one country) or viewer")
    parser.add_argument("--country", help="ISO3 code of a focal point's country, e.g. HND")
    parser.add_argument("--name", default="", help="the person's name as pages show it")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"read the password (at least {accounts.MIN_PASSWORD} characters) from standard input;"
        " without it a strong one is generated and printed once",
    )


def accounts_command(ctx: Context, args) -> int:
    t = ctx.t
    if args.action == "list":
        return list_accounts(ctx)
    if not args.user:
        return refuse(t("accounts.cli_user_required", action=args.action))
    if args.action == "add":
        return add_account(ctx, args)
    account = ctx.store.account(args.user)
    if account is None:
        return refuse(t("accounts.cli_unknown_user", user=args.user))
    if args.action == "reset":
        return reset_password(ctx, args)
    disable = args.action == "disable"
    if disable and account.role == "admin" and not account.disabled and enabled_admins(ctx) == 1:
        return refuse(t("accounts.cli_last_admin", user=args.user))
    audited(
        ctx.store,
        ctx.who,
        f"account_{args.action}",
        args.user,
        lambda: ctx.store.set_account_disabled(args.user, disable),
    )
    say(t(f"accounts.cli_{args.action}d", user=args.user))
    return 0


def enabled_admins(ctx: Context) -> int:
    listed = ctx.store.accounts()
    return int(((listed["role"] == "admin") & ~listed["disabled"].astype(bool)).sum())


def read_password(ctx: Context, args) -> tuple[str | None, bool]:
    """(the password, whether it was generated); None after saying why a typed one cannot be used."""
    if not args.password_stdin:
        return accounts.new_password(), True
    password = sys.stdin.readline().rstrip("\r\n")
    if problem := accounts.password_problem(password):
        refuse(ctx.t(f"accounts.{problem}", n=accounts.MIN_PASSWORD))
        return None, False
    return password, False


def add_account(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    country = args.country.upper() if args.country else None
    if not args.role:
        return refuse(t("accounts.cli_role_required"))
    problems = accounts.new_account_problems(
        args.user,
        args.role,
        country,
        args.name,
        set(store.countries()["iso3"]),
        set(store.accounts()["user_name"]),
    )
    for problem in problems:
        refuse(
            t(
                f"accounts.{problem}",
                user=args.user,
                country=country or "",
                n=accounts.MAX_USER,
                high=accounts.MAX_NAME,
            )
        )
    if problems:
        return 1
    password, generated = read_password(ctx, args)
    if password is None:
        return 1
    account = Account(args.user, args.name.strip() or args.user, args.role, country)
    try:
        audited(
            store,
            ctx.who,
            "account_add",
            f"{args.user} ({args.role}{' ' + country if country else ''})",
            lambda: store.add_account(account, accounts.hash_password(password), ctx.actor),
        )
    except AccountTaken:  # made by someone else meanwhile
        return refuse(t("accounts.user_taken", user=args.user))
    say(t("accounts.cli_added", user=args.user, role=t(f"accounts.role_{args.role}")))
    if generated:
        say(t("accounts.cli_password_once"))
        say(password)
    return 0


def reset_password(ctx: Context, args) -> int:
    password, generated = read_password(ctx, args)
    if password is None:
        return 1
    audited(
        ctx.store,
        ctx.who,
        "account_reset",
        args.user,
        lambda: ctx.store.set_password(args.user, accounts.hash_password(password)),
    )
    say(ctx.t("accounts.cli_reset", user=args.user))
    if generated:
        say(ctx.t("accounts.cli_password_once"))
        say(password)
    return 0


def list_accounts(ctx: Context) -> int:
    t = ctx.t
    listed = ctx.store.accounts()
    if listed.empty:
        say(t("accounts.none_yet"))
        say(FIRST_ADMIN)
        return 0
    rows = [
        [
            row.user_name,
            row.display_name,
            t(f"accounts.role_{row.role}"),
            row.country if isinstance(row.country, str) else "—",
            t("accounts.state_disabled" if row.disabled else "accounts.state_enabled"),
            shown_time(row.last_login),
        ]
        for row in listed.itertuples(index=False)
    ]
    headers = [t(f"accounts.col_{c}") for c in ("user", "name", "role", "country", "state", "last_login")]
    say(aligned([headers, *rows]))
    return 0


def aligned(rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )


FIRST_ADMIN = "python -m indicators accounts add --user USER --role admin --name NAME"


def audit_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--since", help="only rows from this day on (YYYY-MM-DD)")
    parser.add_argument("--account", action="append", help="only this account (may be repeated)")
    parser.add_argument(
        "--action", action="append", choices=ACTIONS, help="only this action (may be repeated)"
    )


def audit_command(ctx: Context, args) -> int:
    t, store = ctx.t, ctx.store
    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            return refuse(t("audit.bad_since", value=args.since))
    rows = store.audit_rows(since, args.account, args.action)
    today = dt.date.today()
    code = write_file(lambda: audit_csv(rows, t("audit.title"), today), args.out, t)
    if code == 0:
        ctx.audit("audit_export", args.out.name)
    return code


COMMANDS = (
    Command(
        "accounts",
        "organiser accounts: add, list, disable, enable, reset",
        accounts_arguments,
        accounts_command,
    ),
    Command("audit", "the audit trail of organiser actions as CSV", audit_arguments, audit_command),
)
