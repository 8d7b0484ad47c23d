"""Under a place's profile: the profile as a PDF and its approved good practices (for everyone); the
form to share a practice and its peers with their contacts (for its code holders and the organisers).

Peers are never a ranking: the section lists the places sharing its priority areas and names the
areas in common, and who rates its capacity in one of them at 3 or more; contacts only of places
whose respondents agreed to share one, the others through the organisers.
"""

import streamlit as st

from indicators.peers import Peers
from indicators.practices import by_area, check_practice
from indicators.validation import Problem
from ui import actions, data, gate, widgets
from ui.lang import literal, translator
from views.peers.examples import area_name, practice_text

# The form's fields (indicators/practices.COLUMNS but the place, which is the profile's), their keys.
FORM_FIELDS = ("area_key", "title", "description", "url", "year", "source")
PROBLEMS, SENT = "bp_problems", "bp_sent"
EXPERIENCED_SHOWN = 5  # per area: with example data dozens of places can qualify


def field_key(name: str) -> str:
    return f"bp_{name}"


def draw_learning(place_id: str) -> None:
    """Everything this module draws under the profile of `place_id`."""
    t = translator()
    st.download_button(
        t("profile_pdf.download"),
        # Built only when clicked: most visitors never ask for it.
        data=data.profile_pdf_later(place_id),
        file_name=f"{t('profile_pdf.file')}-{place_id}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key="profile_pdf",
        on_click="ignore",
    )
    draw_practices(place_id)
    st.subheader(t("peers.title"))
    if not gate.may_see_assessments_of(place_id):
        st.caption(t("peers.locked"))
        return
    with st.container(key="peers_list"):
        draw_peers(place_id)


def draw_practices(place_id: str) -> None:
    t = translator()
    st.subheader(t("practices.profile_title"))
    grouped = by_area(data.practices("approved", place_id))
    if not grouped:
        st.caption(t("practices.profile_none"))
    for area, rows in grouped.items():
        st.markdown(f"**{area_name(area)}**")
        for row in rows.to_dict("records"):
            st.markdown(practice_text(row))
    if gate.may_see_assessments_of(place_id):
        draw_practice_form(place_id)


def send_practice(place_id: str) -> None:
    """The form's callback: check the practice under the file's rules; pending review if it holds."""
    q = data.questionnaire()
    values = {name: st.session_state.get(field_key(name)) or "" for name in FORM_FIELDS}
    practice, problems = check_practice(
        {**values, "place_id": place_id}, {place_id}, [a.key for a in q.areas], data.today()
    )
    st.session_state[PROBLEMS] = problems
    if practice is None:
        return  # what was typed stays in the form
    current = gate.account()  # an organiser logged in, else the holder of the place's code
    by = current.user if current else f"code:{place_id}"
    practice_id = actions.submit_practice(practice, by)
    st.session_state[SENT] = "sent" if practice_id else "already"
    if practice_id:
        for name in FORM_FIELDS:
            st.session_state[field_key(name)] = None if name == "area_key" else ""


def draw_practice_form(place_id: str) -> None:
    t = translator()
    q = data.questionnaire()
    problems: list[Problem] = st.session_state.get(PROBLEMS) or []
    sent = st.session_state.pop(SENT, None)
    with st.expander(t("practices.form_title"), expanded=bool(problems), icon=":material/add_circle:"):
        st.caption(t("practices.form_intro"))
        if sent:
            st.success(t(f"practices.form_{sent}"))
        with st.form("bp_form", border=False):
            st.selectbox(
                t("practices.col_area"),
                [a.key for a in q.areas],
                index=None,
                key=field_key("area_key"),
                format_func=lambda k: (
                    f"{t('sa.theme_short', n=q.theme_number(q.area_by_key[k].theme))} · {area_name(k)}"
                ),
                placeholder=t("sa.choose"),
                filter_mode=None,
            )
            widgets.field_problems(problems, "area_key")
            for name, limit in (
                ("title", 200),
                ("description", 2000),
                ("url", 500),
                ("year", 4),
                ("source", 300),
            ):
                draw = st.text_area if name == "description" else st.text_input
                draw(t(f"practices.col_{name}"), key=field_key(name), max_chars=limit)
                widgets.field_problems(problems, name)
            st.form_submit_button(
                t("practices.send"), type="primary", on_click=actions.guarded(send_practice), args=(place_id,)
            )


def contact_line(place_id: str, contacts: dict[str, list[str]]) -> str:
    """Its shared e-mails as mail links (the address in code type: never read as Markdown), or "through
    the organisers"."""
    t = translator()
    shared = contacts.get(place_id)
    if not shared:
        return f"{t('peers.contact')}: {t('peers.through_organisers')}"
    # peers.EMAIL allows no backtick, bracket, angle bracket or space: the address cannot break out.
    return f"{t('peers.contact')}: " + ", ".join(f"[`{e}`](<mailto:{e}>)" for e in shared)


def place_line(place_id: str, examples: bool) -> str:
    t = translator()
    labels = data.place_labels(igm_only=False)
    badge = f" :orange-badge[{t('peers.example_mark')}]" if examples else ""
    return f"**{literal(labels.get(place_id, place_id))}**{badge}"


def draw_peers(place_id: str) -> None:
    t = translator()
    st.caption(t("peers.method"))
    found: Peers = data.peers_of(place_id)
    if not found.top_areas:
        st.info(t("peers.no_submission"))
        return
    if found.any_examples:
        st.warning(t("peers.examples"), icon=":material/science:")
    contacts = data.store().peer_contacts(tuple(found.places))
    st.markdown(f"**{t('peers.similar_title')}**")
    if not found.similar:
        st.caption(t("peers.similar_none"))
    for peer in found.similar:
        with st.container(border=True):
            st.markdown(place_line(peer.place_id, peer.examples))
            in_common = t("peers.in_common", shared=len(peer.shared), total=len(found.top_areas))
            st.caption(f"{in_common}: " + "; ".join(area_name(a) for a in peer.shared))
            st.markdown(contact_line(peer.place_id, contacts))
    st.markdown(f"**{t('peers.experienced_title')}**")
    st.caption(t("peers.experienced_intro"))
    for area in found.top_areas:
        places = found.experienced.get(area, ())
        lines = [
            f"- {place_line(p.place_id, p.examples)} · {contact_line(p.place_id, contacts)}" for p in places
        ]
        if not lines:
            lines = [f"- {t('peers.experienced_none')}"]
        elif len(lines) > EXPERIENCED_SHOWN:
            more = len(lines) - EXPERIENCED_SHOWN
            lines = [*lines[:EXPERIENCED_SHOWN], f"- {t('peers.and_more', count=more)}"]
        st.markdown(f"*{area_name(area)}*\n\n" + "\n".join(lines))
