"""Attendance and closing: which session takes check-ins now (and its projector screen), attendance per
person and activity (marked by hand or imported), certificates due and missing, the closing report."""

import pandas as pd
import streamlit as st

from indicators.participants import CERTIFIED_KINDS, CHECKIN_OPEN, UPLOAD_MB, activities, missing_activities
from ui import actions, data, routes, widgets
from ui.lang import language, literal, translator

ACTION = "participants.manage"
MARKS = {True: "✓", False: "✗"}


def draw() -> None:
    t = translator()
    found = activities(data.seminar())
    roster = data.store().participants()
    marks = data.store().attendance()
    _checkin(found)
    if roster.empty:
        st.info(t("roster.empty"))
    else:
        _grid(roster, marks, found)
        _by_hand(roster, found)
    _import()
    _certificates(roster, marks, found)
    st.header(t("closing.title"), anchor=False)
    st.caption(t("closing.help"))
    st.download_button(
        t("closing.download"),
        data=actions.recorded_download("closing report", ACTION, data.closing_report_later()),
        file_name=f"{t('closing.file')}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key="at_report",
        on_click="ignore",
    )


def _checkin(found) -> None:
    """One session at a time takes check-ins from phones; the organisers open and close it here."""
    t = translator()
    lang = language()
    sessions = {a.key: a for a in found if a.checkin}
    st.header(t("checkin.organisers_title"), anchor=False)
    current = data.setting(CHECKIN_OPEN)
    options = ["", *sessions]
    chosen = st.radio(
        t("checkin.open_session"),
        options,
        index=options.index(current) if current in options else 0,
        format_func=lambda k: sessions[k].title[lang] if k else t("checkin.closed_all"),
        key=f"at_open_{current}",
    )
    if chosen != current:
        actions.open_checkin(chosen)
        st.rerun()
    if chosen:
        st.page_link(
            routes.script("checkin"),
            label=t("checkin.projector_link"),
            icon=":material/qr_code_2:",
            query_params={"sesion": chosen, "pantalla": "qr"},
        )


def _grid(roster: pd.DataFrame, marks: pd.DataFrame, found) -> None:
    """Everyone × every activity: ✓ attended, ✗ marked absent, blank not recorded."""
    t = translator()
    st.header(t("attendance.title"), anchor=False)
    grid = roster[["participant_id", "name", "kind"]].copy()
    grid["kind"] = grid["kind"].map(lambda k: t(f"participants.kind_{k}"))
    for activity in found:
        done = marks[marks["activity"] == activity.key].set_index("participant_id")["attended"]
        grid[activity.key] = (
            grid["participant_id"].map(done).map(lambda v: "" if pd.isna(v) else MARKS[bool(v)])
        )
    # The activities next to the name, so a phone shows them without scrolling the table sideways.
    order = ["name", *(a.key for a in found), "kind"]
    columns = {"name": t("roster.col_name"), "kind": t("roster.col_kind")}
    columns |= {a.key: a.key.upper() for a in found}
    st.dataframe(grid[order].rename(columns=columns), hide_index=True)
    st.caption(" · ".join(f"{a.key.upper()}: {a.title[language()]}" for a in found))


def _by_hand(roster: pd.DataFrame, found) -> None:
    t = translator()
    people = dict(zip(roster["participant_id"], roster["name"] + " · " + roster["email"], strict=True))
    titles = {a.key: a.title[language()] for a in found}
    with st.expander(t("attendance.by_hand_title")), st.form("at_hand"):
        who = st.selectbox(t("roster.who"), list(people), format_func=people.get, key="at_who")
        activity = st.selectbox(
            t("attendance.activity"), list(titles), format_func=titles.get, key="at_activity"
        )
        attended = st.radio(
            t("attendance.attended"),
            [True, False],
            format_func=lambda v: t(f"attendance.mark_{'yes' if v else 'no'}"),
            key="at_mark",
        )
        if st.form_submit_button(t("attendance.save"), type="primary"):
            actions.mark_attendance(who, activity, attended)
            st.session_state["at_marked"] = (people[who], titles[activity], attended)
            st.rerun()
    if marked := st.session_state.pop("at_marked", None):
        name, title, attended = marked
        key = "attendance.marked_yes" if attended else "attendance.marked_no"
        st.success(t(key, name=literal(name), activity=literal(title)))


def _import() -> None:
    t = translator()
    with st.expander(t("attendance.import_title")):
        st.caption(t("attendance.import_help"))
        result = widgets.file_import(
            t("roster.file_label"),
            ["csv", "xlsx"],
            "at_file",
            (t("attendance.import"), "at_import"),
            actions.import_attendance,
            lambda error, name: t("roster.refused", file=name, count=len(error.problems)),
            UPLOAD_MB,
        )
        if result is not None:
            count, notes = result
            widgets.problem_list(
                t("attendance.imported_page", count=count), [n.describe(t) for n in notes], alert=st.success
            )


def _certificates(roster: pd.DataFrame, marks: pd.DataFrame, found) -> None:
    t = translator()
    st.header(t("certificates.organisers_title"), anchor=False)
    keys = [a.key for a in found]
    gaps = missing_activities(roster, marks, keys) if len(roster) else {}
    earned = [pid for pid, missing in gaps.items() if not missing]
    st.markdown(t("certificates.due", earned=len(earned), candidates=len(gaps)))
    kinds = ", ".join(t(f"participants.kind_plural_{k}").lower() for k in CERTIFIED_KINDS)
    st.caption(t("certificates.kinds", kinds=kinds))
    names = dict(zip(roster["participant_id"], roster["name"], strict=True)) if len(roster) else {}
    missing = [
        f"{names[pid]}: {', '.join(k.upper() for k in keys_missing)}"
        for pid, keys_missing in gaps.items()
        if keys_missing
    ]
    if missing:
        with st.expander(t("certificates.missing_title", count=len(missing))):
            widgets.problem_list(None, missing)
    base = data.public_base()
    st.caption(t("certificates.zip_help", url=base))
    st.download_button(
        t("certificates.download", count=len(earned)),
        data=actions.issue_certificates_later(base),
        file_name=f"{t('certificates.file_prefix')}s.zip",
        mime="application/zip",
        icon=":material/workspace_premium:",
        key="at_certificates",
        disabled=not earned,
        on_click="ignore",
    )
