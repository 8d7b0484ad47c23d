"""Verify a certificate: anyone types (or scans, /verificar?codigo=…) the code printed on it and learns
whether it is real, with the name and the seminar it certifies: never an e-mail address.

Wrong codes are limited as the access codes are (ui/gate.py), so the page cannot be used to guess.
"""

import datetime as dt

import streamlit as st

from indicators import verification
from indicators.certificates import date_range
from ui import data, gate
from ui.lang import in_shown_zone, language, literal, translator

t = translator()
lang = language()
st.title(t("verify.title"))
st.caption(t("verify.intro"))


def check(typed: str) -> None:
    """Look the code up under the rate limits; the outcome is kept for this run and the next."""
    code = verification.normalise(typed)
    outcome, found = gate.try_secret(
        "verify", lambda: data.store().certificate_for_code(code) if code else None
    )
    st.session_state["vf_result"] = (typed.strip(), outcome, found)
    # The address holds the code just confirmed (to share or reload), or none.
    if outcome == "ok":
        st.query_params[verification.CODE_PARAMETER] = code
    else:
        st.query_params.pop(verification.CODE_PARAMETER, None)
    st.session_state["vf_address"] = st.query_params.get(verification.CODE_PARAMETER, "")


# A scanned QR code brings the code in the address: checked once, as if typed.
from_address = st.query_params.get(verification.CODE_PARAMETER, "")
if from_address and st.session_state.get("vf_address") != from_address:
    st.session_state["vf_address"] = from_address
    st.session_state["vf_code"] = from_address
    check(from_address)

with st.form("verify"):
    st.text_input(t("verify.code"), key="vf_code", max_chars=30, placeholder="ABCD-EFGH-JKMN")
    if st.form_submit_button(t("verify.check"), type="primary"):
        check(st.session_state.get("vf_code", ""))

typed, outcome, found = st.session_state.get("vf_result", ("", None, None))
if outcome == "ok":
    seminar = found["seminar"]
    when = date_range(t, *(dt.date.fromisoformat(seminar[k]) for k in ("start", "end")))
    st.success(t("verify.valid"), icon=":material/verified:")
    st.markdown(f"### {literal(found['name'])}")
    st.markdown(t("verify.certifies", seminar=literal(seminar["title"][lang])))
    st.markdown(f"{literal(seminar['place'][lang])} · {when}")
    # Stored on the server's clock: the day it was in the seminar's zone (near midnight they differ).
    st.caption(t("verify.issued", date=t.long_date(in_shown_zone(found["issued_at"]).date())))
elif outcome == "invalid":
    st.error(t("verify.invalid", code=literal(typed) or "—"), icon=":material/gpp_bad:")
else:
    gate.code_refusal(outcome, found, "verify.invalid")  # too many wrong codes: how long to wait
