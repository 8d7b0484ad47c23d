"""The two gates: organisers' accounts (log in, the session, log out) and the access codes, both limited
per session and address (passwords also per account).

Wrong passwords and codes are counted in the database (indicators/access.py), so a reload or a new
browser tab does not reset the wait. Each run reads the logged-in account afresh (`account()`), so a
session ends at the next click once its account is disabled; every log-in, failed log-in, log-out and
ended session is in the audit trail.
"""

import datetime as dt
import uuid

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from indicators import access, accounts
from indicators.accounts import Account, Reach
from indicators.audit import Actor, audited
from ui import data, form_keys
from ui.lang import literal, shown_time, translator


def limited_clients(purpose: str, limits: dict[str, access.Limit]) -> dict[str, access.Limit]:
    """Who is trying a secret (this browser session, its network address), with the limit of each.

    Codes and the organisers' password count their failures apart, so a room mistyping access
    codes never delays an organiser, and the reverse.
    """
    if "client_id" not in st.session_state:
        st.session_state["client_id"] = str(uuid.uuid4())
    prefix = "" if purpose == "code" else f"{purpose}:"
    clients = {f"{prefix}session:{st.session_state['client_id']}": limits["session"]}
    address = access.client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"))
    if address:
        clients[f"{prefix}ip:{address}"] = limits["address"]
    return clients


def try_code(code: str, lookup):
    """Check a typed code under the rate limits of this browser session and address.

    Returns (outcome, found): ("ok", what `lookup` found), ("invalid", None) or ("locked", until).
    """
    store = data.store()
    return access.try_code(
        code,
        limited_clients("code", access.CODE_LIMITS),
        dt.datetime.now(),
        lookup,
        store.failed_attempts,
        store.record_failed_attempt,
    )


def wait_message(until: dt.datetime) -> str:
    """Too many failures: how long to wait, and until when."""
    t = translator()
    seconds = max(1, round((until - dt.datetime.now()).total_seconds()))
    wait = t("access.seconds", n=seconds) if seconds < 120 else t("access.minutes", n=round(seconds / 60))
    return t("access.wait", wait=wait, time=shown_time(until))


# --- organisers: accounts and sessions -----------------------------------------------------------

SESSION = "organiser_session"  # {"user": …, "since": when this browser session logged in}
ENDED = "organiser_session_ended"  # why the last session ended, said once on the next run
FIRST_ADMIN = 'python -m indicators accounts add --user USER --role admin --name "NAME"'


def address() -> str:
    """This browser's network address (access.client_address), "" when Streamlit knows none."""
    peer, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    # Only text counts: a test runner's context holds stand-ins instead.
    found = access.client_address(
        peer if isinstance(peer, str) else None, forwarded if isinstance(forwarded, str) else None
    )
    return found or ""


def account() -> Account | None:
    """The account logged in on this browser session, read afresh from the database: None when no one
    is, or when its session has just ended (account disabled, 8 hours past, a new password)."""
    held = st.session_state.get(SESSION)
    if not held:
        return None
    store = data.store()
    current = store.account(held["user"])
    ended = accounts.session_problem(current, held["since"], dt.datetime.now())
    if ended is None:
        return current
    st.session_state.pop(SESSION, None)
    st.session_state[ENDED] = ended
    store.record_audit(held["user"], "session_ended", ended, address())
    return None


def actor(current: Account) -> Actor:
    """Who the audit trail names for what `current` does from this browser."""
    return Actor(current.user, address())


def may(action: str, country: str | None = None) -> bool:
    """Whether the logged-in account may do `action` (there): accounts.can, for views."""
    return accounts.can(account(), action, country)


def reach(action: str) -> Reach:
    """Where the logged-in account may do `action` (accounts.Reach): lists and selects offer only that."""
    return Reach.of(account(), action)


def organiser_gate() -> Account | None:
    """The logged-in account, with a line saying whose session it is and a log-out button; without
    one, the log-in form (or, before any account exists, the command that makes the first)."""
    t = translator()
    current = account()
    if current is not None:
        draw_signed_in(current)
        return current
    ended = st.session_state.pop(ENDED, None)
    if ended == "logout":
        st.success(t("accounts.logged_out"))
    elif ended:
        st.warning(t(f"accounts.session_{ended}"))
    if _old_password_set():
        st.caption(t("accounts.old_password_unused"))
    if data.store().account_count() == 0:
        st.info(t("accounts.none_yet"))
        st.code(FIRST_ADMIN, language="bash", wrap_lines=True)  # whole on a phone
        return None
    with st.form("organiser_login"):
        user = st.text_input(
            t("accounts.user"), key="org_user", max_chars=accounts.MAX_USER, autocomplete="username"
        )
        password = st.text_input(
            t("org.password"), type="password", key="org_password", autocomplete="current-password"
        )
        if st.form_submit_button(t("org.enter")):
            refusal = log_in(user.strip(), password)
            if refusal is None:
                st.rerun()
            st.error(refusal)
    return None


def _old_password_set() -> bool:
    try:
        return bool(st.secrets.get("organiser_password"))
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def log_in(user: str, password: str) -> str | None:
    """Open a session for `user` if the password is right and no limit holds; else why not (a message).

    Failures count per browser session, per address and per account (typed user names alike, so
    guessing a name costs the same as guessing a password)."""
    t, store, now, where = translator(), data.store(), dt.datetime.now(), address()
    clients = limited_clients("organiser", access.PASSWORD_LIMITS)
    if user:
        clients[f"organiser:account:{user}"] = access.PASSWORD_LIMITS["account"]
    stored = store.password_hash(user) if user else None
    outcome, until = access.attempt(
        clients,
        now,
        lambda: True if accounts.password_matches(password, stored) else None,
        store.failed_attempts,
        store.record_failed_attempt,
    )
    if outcome != "ok":
        store.record_audit(user, "login_failed", "locked" if outcome == "locked" else "", where)
        return wait_message(until) if outcome == "locked" else t("accounts.wrong_login")
    if store.account(user).disabled:
        store.record_audit(user, "login_failed", "disabled", where)
        return t("accounts.account_disabled")
    rehashed = accounts.hash_password(password) if accounts.needs_rehash(stored) else None
    audited(store, Actor(user, where), "login", "", lambda: store.record_login(user, now, rehashed))
    st.session_state[SESSION] = {"user": user, "since": now}
    return None


def log_out() -> None:
    held = st.session_state.pop(SESSION, None)
    if held:
        data.store().record_audit(held["user"], "logout", "", address())
        st.session_state[ENDED] = "logout"


def draw_signed_in(current: Account) -> None:
    t = translator()
    role = t(f"accounts.role_{current.role}")
    names = {"name": literal(current.name), "user": literal(current.user), "role": role}
    if current.country:
        line = t("accounts.signed_in_country", country=data.country_names().get(current.country), **names)
    else:
        line = t("accounts.signed_in", **names)
    who, leave = st.columns([5, 1], vertical_alignment="center")
    who.markdown(f":small[:gray[{line}]]")  # small as a caption; the response counts stay the first caption
    leave.button(t("accounts.logout"), key="org_logout", on_click=log_out, icon=":material/logout:")


def may_see_assessments_of(place_id: str) -> bool:
    """An organiser whose role reaches the place (admin, its country's focal point), and whoever opened
    this local government's self-assessment with its code."""
    opened = st.session_state.get(form_keys.OPENED) or {}
    if opened.get("place_id") == place_id:
        return True
    current = account()
    if current is None:
        return False
    everyone = data.all_places()
    country = everyone.loc[everyone["place_id"] == place_id, "country"]
    return not country.empty and accounts.can(current, "summaries.place", country.iloc[0])


def code_refusal(outcome: str | None, value, invalid_key: str) -> None:
    """The message after a refused code: wrong (in the page's own words), too many tries, or a real code
    that was revoked or has expired (`value` says which)."""
    if outcome == "invalid":
        st.error(translator()(invalid_key))
    elif outcome == "locked":
        st.error(wait_message(value))
    elif outcome == "ended":
        st.error(translator()(f"codes.ended_{value}"))


def try_secret(purpose: str, check):
    """Check something typed that is not an access code (a certificate's code, an e-mail address at
    check-in) under the codes' limits, counted apart per `purpose`. Returns (outcome, found) as try_code."""
    store = data.store()
    return access.attempt(
        limited_clients(purpose, access.CODE_LIMITS),
        dt.datetime.now(),
        check,
        store.failed_attempts,
        store.record_failed_attempt,
    )
