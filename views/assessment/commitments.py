"""The self-assessment page's follow-up: the "Compromisos / Commitments" section, where a code holder
sees and updates their place's commitments, and the marks of answers carried over from an earlier round.

Drawn by form.py under the place's heading (`draw_top`) and beside each area (`carried_mark`), and by
page.py alone when no round takes answers. Phone first: one column, one commitment per box, one form
open at a time.
"""

import streamlit as st

from indicators.commitments import CommitmentRefused
from indicators.exports.followup import describe_change
from indicators.postgres import DatabaseUnavailable
from ui import data, followup, widgets
from ui import form_keys as keys
from ui.lang import language, link, literal, translator

PREFIX = "sa_cm"  # every widget of the section (leaving the form drops them)
AUTHOR = f"{PREFIX}_author"
SAVED = f"{PREFIX}_saved"  # the commitment saved last, and what changed, for the message under it
EDITING = f"{PREFIX}_editing"  # the one commitment whose form is open


def draw_top(current: dict) -> None:
    """Above the form: why a submit was refused (a closed round), where its answers come from, and
    the place's commitments, folded. Skipped while the database is away: the form goes on drawing what
    was typed, and its save says the answers are kept until the database is back."""
    try:
        _draw_top(current)
    except DatabaseUnavailable:
        return


def _draw_top(current: dict) -> None:
    t = translator()
    with st.container(key=followup.NOTICE_BOX):
        refused = st.session_state.get(followup.ROUND_REFUSED)
        closed = followup.closed_round_of(current)
        if refused or closed:
            reason, params = refused or ("closed", {"round": closed})
            shown = {**params, "round": followup.name_of_round(params.get("round", ""))} if params else {}
            # Also before any submit: a draft whose round closed can no longer be sent.
            (st.error if refused else st.warning)(t(f"rounds.{reason}", **shown), icon=":material/lock:")
        came_from = followup.carried(current)
        if came_from and not current.get("version"):
            st.info(t("rounds.from_round", round=literal(came_from[0])), icon=":material/history:")
    found = followup.commitments(place_id=current["place_id"])
    if found.empty:
        return
    late = followup.overdue_count(found)
    label = t("commitments.section_count", count=int((~found["withdrawn"]).sum()), overdue=late)
    with st.expander(label, icon=":material/task_alt:", expanded=SAVED in st.session_state):
        draw_commitments(current["place_id"], found, keys.read(keys.NAME, "") or "")


def gate_notice() -> None:
    """On the way in, while no round takes answers: only commitments can be updated."""
    if followup.open_round() is None:
        st.info(translator()("rounds.none_open"), icon=":material/lock:")


def draw_only() -> None:
    """A place unlocked while no round takes answers: its commitments, and a way out."""
    t = translator()
    place = st.session_state[followup.COMMITMENTS_ONLY]
    country = data.country_names().get(place["country"], place["country"])
    st.header(literal(f"{place['place_name']} · {country}"))
    st.info(t("rounds.none_open"), icon=":material/lock:")
    st.subheader(t("commitments.section"))
    found = followup.commitments(place_id=place["place_id"])
    if found.empty:
        st.caption(t("commitments.none_here"))
    else:
        draw_commitments(place["place_id"], found)
    st.button(t("sa.leave"), on_click=_leave_only, key=f"{PREFIX}_leave")


def _leave_only() -> None:
    for key in [k for k in st.session_state if keys.is_form_key(k)]:
        del st.session_state[key]


def draw_commitments(place_id: str, found, name: str = "") -> None:
    """The place's commitments, overdue first, each in a box with an "Update" button; one at a time
    opens its form and history (a phone shows one form, and a rerun reads one history). The
    withdrawn ones apart."""
    t = translator()
    st.caption(t("commitments.section_intro"))
    current = found[~found["withdrawn"].astype(bool)].copy()
    examples = int(current["is_example"].sum())
    if examples:
        st.warning(t("commitments.banner", count=examples, total=len(current)), icon=":material/science:")
    st.text_input(t("commitments.author"), value=name, key=AUTHOR, max_chars=120)
    current["late"] = [followup.is_late(row) for row in current.to_dict("records")]
    current = current.sort_values(["late", "due_date"], ascending=[False, True], na_position="last")
    for row in current.to_dict("records"):
        draw_one(row, place_id)
    gone = found[found["withdrawn"].astype(bool)]
    if len(gone):
        with st.expander(t("commitments.withdrawn_title", count=len(gone))):
            st.caption(t("commitments.withdrawn_note"))
            for row in gone.to_dict("records"):
                status = t(f"commitments.status_{row['status']}")
                st.markdown(f"- {literal(row['action'])} · _{status}_")


def draw_one(row: dict, place_id: str) -> None:
    t = translator()
    q = data.questionnaire()
    lang = language()
    area = q.area_by_key.get(row["area_key"])
    commitment_id = row["commitment_id"]
    with st.container(border=True, key=f"{PREFIX}_box_{commitment_id}"):
        if row["is_example"]:
            st.caption(f":orange[**{t('commitments.example_tag')}**]")
        st.markdown(f"**{literal(row['action'])}**")
        where = [area.name[lang] if area else row["area_key"]]
        if area:
            where.append(t("sa.theme_short", n=q.theme_number(area.theme)))
        where.append(literal(followup.name_of_round(row["round_key"])))
        st.caption(" · ".join(where))
        status = t(f"commitments.status_{row['status']}")
        late = f" · :red[**{t('commitments.late')}**]" if row["late"] else ""
        office = literal(row["office"]) if row["office"] else "—"
        st.markdown(
            f"{t('commitments.col_status')}: **{status}**{late}  \n"
            f"{t('commitments.col_due_date')}: {followup.day(row['due_date'])}  \n"
            f"{t('commitments.col_office')}: {office}"
        )
        if row["note"]:
            st.caption(f"{t('commitments.col_note')}: {literal(row['note'])}")
        if row["evidence_url"]:
            st.markdown(
                f"{t('commitments.col_evidence_url')}: {link(row['evidence_url'], row['evidence_url'])}"
            )
        if st.session_state.get(EDITING) == commitment_id:
            draw_form(row, place_id)
        else:
            st.button(
                t("commitments.edit"),
                key=f"{PREFIX}_edit_{commitment_id}",
                icon=":material/edit:",
                on_click=lambda: st.session_state.update({EDITING: commitment_id}),
                width="stretch",
            )
        saved = st.session_state.get(SAVED)
        if saved and saved[0] == commitment_id:
            st.session_state.pop(SAVED)  # said once, under the commitment it is about
            (st.success if saved[1] == "ok" else st.error)(saved[2])


def draw_form(row: dict, place_id: str) -> None:
    """The open commitment's form (status, note, evidence) and its history."""
    t = translator()
    commitment_id = row["commitment_id"]
    # Keys carry the last change's time: after a resubmission or another device's update, the
    # form starts from what is kept now.
    version = f"{commitment_id}_{int(row['updated_at'].timestamp())}"
    with st.form(key=f"{PREFIX}_form_{version}", border=False):
        chosen, note, evidence = widgets.commitment_fields(row, PREFIX, version)
        if st.form_submit_button(t("commitments.save"), width="stretch", type="primary"):
            save(commitment_id, place_id, chosen, note, evidence)
    st.button(
        t("commitments.close"),
        key=f"{PREFIX}_close_{commitment_id}",
        on_click=lambda: st.session_state.pop(EDITING, None),
    )
    with st.expander(t("commitments.history_short")):
        for change in followup.history(commitment_id).to_dict("records"):
            st.markdown(
                f"- {followup.when(change['changed_at'])} · {literal(change['author'])}  \n"
                f"  {literal(describe_change(change, t))}"
            )


def save(commitment_id: str, place_id: str, status: str, note: str, evidence: str) -> None:
    """Keep the change and say so under the commitment; a refusal keeps what was typed in the form."""
    t = translator()
    author = followup.code_holder(place_id, st.session_state.get(AUTHOR, ""))
    try:
        fields = followup.update_commitment(commitment_id, author, status, note, evidence)
    except CommitmentRefused as refused:
        st.session_state[SAVED] = (commitment_id, "refused", widgets.commitment_refusal(refused))
        return
    text = t("commitments.saved") if fields else t("commitments.unchanged_here")
    st.session_state[SAVED] = (commitment_id, "ok", text)
    st.session_state.pop(EDITING, None)
    st.rerun()


def carried_mark(area_key: str) -> None:
    """Beside an area whose answer still is the one carried over from an earlier round: "from <round>"."""
    current = st.session_state[keys.OPENED]
    try:
        came_from = followup.carried(current)
    except DatabaseUnavailable:  # the form goes on without the marks
        return
    if not came_from or current.get("version"):
        return
    name, earlier = came_from
    before = earlier.answers.get(area_key)
    if before is None:
        return
    now = {field: keys.read_answer(area_key, field) for field in keys.ANSWER_PREFIXES}
    if all((now[f] or None) == (getattr(before, f) or None) for f in now):
        st.caption(translator()("rounds.area_from_round", round=literal(name)))
