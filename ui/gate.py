"""The two gates: the organisers' password and the access codes, both limited per session and address.

Wrong passwords and codes are counted in the database (indicators/access.py), so a reload or a new
browser tab does not reset the wait.
"""

import datetime as dt
import hmac
import uuid

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from indicators import access
from ui import data, form_keys
from ui.lang import shown_time, translator


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


def organiser_gate() -> bool:
    """True once this session gave the organisers' password from Streamlit secrets; draws the gate."""
    t = translator()
    try:
        expected = st.secrets.get("organiser_password")
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        expected = None
    if not expected:
        st.warning(t("org.no_password"))
        return False
    if st.session_state.get("organiser_ok"):
        return True
    with st.form("organiser_login"):
        typed = st.text_input(t("org.password"), type="password")
        if st.form_submit_button(t("org.enter")):
            store = data.store()
            outcome, until = access.attempt(
                limited_clients("organiser", access.PASSWORD_LIMITS),
                dt.datetime.now(),
                lambda: True if hmac.compare_digest(typed.encode(), str(expected).encode()) else None,
                store.failed_attempts,
                store.record_failed_attempt,
            )
            if outcome == "ok":
                st.session_state["organiser_ok"] = True
                st.rerun()
            st.error(wait_message(until) if outcome == "locked" else t("org.wrong_password"))
    return False


def may_see_assessments_of(place_id: str) -> bool:
    """Organisers, and whoever opened this local government's self-assessment with its code."""
    opened = st.session_state.get(form_keys.OPENED) or {}
    return bool(st.session_state.get("organiser_ok")) or opened.get("place_id") == place_id


def code_refusal(outcome: str | None, value, invalid_key: str) -> None:
    """The message after a refused code: wrong (in the page's own words) or too many tries."""
    if outcome == "invalid":
        st.error(translator()(invalid_key))
    elif outcome == "locked":
        st.error(wait_message(value))


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
