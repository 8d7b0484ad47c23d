"""The self-assessment's optional question: share an office e-mail with local governments that have
similar priorities. Saved as soon as it holds (ticked and a valid address), withdrawn as soon as it is
unticked; independent of submitting the answers.

The address is personal data: it is kept in its own table (indicators/store/peers.py), never in the
answers, so no export, summary or presenter screen can carry it.
"""

import streamlit as st

from indicators.peers import EMAIL_LIMIT, email_problem
from indicators.postgres import DatabaseUnavailable
from ui import actions, data
from ui.lang import literal, translator

# Every key starts with "sa": leaving the form drops them with the rest (ui/form_keys.is_form_key).
BOX, CONSENT, EMAIL = "sa_peer_box", "sa_peer_consent", "sa_peer_email"
LOADED = "sa_peer_loaded"  # {"id": the assessment whose stored contact the widgets hold, "saved": it}


def load(current: dict) -> dict:
    """The stored contact of this assessment, put in the widgets once (and again whenever the widgets
    were dropped, e.g. after a visit to another page: unticked by default, they would withdraw it)."""
    loaded = st.session_state.get(LOADED)
    if loaded and loaded["id"] == current["id"] and CONSENT in st.session_state:
        return loaded
    saved = data.store().shared_contact(current["id"])
    st.session_state[CONSENT] = saved is not None
    st.session_state[EMAIL] = saved or ""
    st.session_state[LOADED] = loaded = {"id": current["id"], "saved": saved}
    return loaded


def draw_contact(current: dict) -> None:
    """The consent box of the open assessment `current` (ui/form_keys.OPENED)."""
    t = translator()
    try:
        loaded = load(current)
    except DatabaseUnavailable:
        return  # the form keeps working; the question comes back with the database
    with st.container(border=True, key=BOX):
        agreed = st.checkbox(t("peers.consent"), key=CONSENT)
        st.caption(t("peers.consent_note"))
        typed = ""
        if agreed:
            typed = st.text_input(
                t("peers.email"), key=EMAIL, max_chars=EMAIL_LIMIT, placeholder=t("peers.email_example")
            ).strip()
        problem = email_problem(typed) if agreed else None
        if agreed and typed and problem:
            reason, params = problem
            st.error(t(f"problems.{reason}", **params), icon=":material/error:")
        wanted = typed if agreed and not problem else None
        if agreed and not typed:
            st.caption(t("peers.email_needed"))
        if wanted == loaded["saved"] or (agreed and problem):
            if loaded["saved"]:
                st.caption(t("peers.shared", email=literal(loaded["saved"])))
            return
        try:
            if wanted is None:
                actions.withdraw_contact(current["id"])
            else:
                actions.share_contact(current["id"], current["place_id"], wanted)
        except DatabaseUnavailable:
            st.warning(t("peers.not_saved"), icon=":material/cloud_off:")
            return
        loaded["saved"] = wanted
        st.caption(t("peers.shared", email=literal(wanted)) if wanted else t("peers.withdrawn"))
