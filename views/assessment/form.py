"""The form: one round table at a time, its areas and top 3, the refusal list, submit, autosave.

What the respondent types is saved as a draft on every change, so a reload or an error loses nothing.
When the database cannot be reached (a shared server restarting), the answers stay in the form and the
page keeps trying to save them until it is back.
"""

import streamlit as st

from indicators.assessment import Assessment, changed_fields, problems_for_submit
from indicators.postgres import DatabaseUnavailable
from indicators.questionnaire import CAPACITY_LEVELS, PRIORITY_LEVELS, TOP_CHOICES
from ui import actions, data, followup
from ui import form_keys as keys
from ui.lang import in_shown_zone, keep_in_address, language, literal, translator
from views.assessment.commitments import carried_mark, draw_top
from views.assessment.problems import (
    anchor_of,
    field_errors,
    field_label,
    problem_label,
    scroll_to_requested,
    theme_of,
)
from views.assessment.state import (
    KEEP,
    LIVE,
    RANKS,
    TABLE,
    assessment_from_widgets,
    go_to_missing,
    leave,
    next_table,
    submit,
)
from views.assessment.summary import draw_summary
from views.peers import contact, examples

# Seconds between attempts to save a draft while the database cannot be reached.
RETRY_SAVE_S = 5


def draw_area(area) -> None:
    q = data.questionnaire()
    t = translator()
    lang = language()
    with st.container(border=True, key=keys.area_box(area.key)):
        st.markdown(f"**{area.name[lang]}**")
        objectives = ", ".join(f"{n}. {q.objectives.loc[n, f'short_{lang}']}" for n in area.gcm)
        st.caption(f"{area.help[lang]}  \n{t('sa.serves', objectives=objectives)}")
        examples.draw_examples(area.key)
        carried_mark(area.key)  # "from <round>" while the answer is still the earlier round's
        capacity, priority = st.columns([3, 2])
        with capacity:
            st.radio(
                t("sa.capacity"),
                CAPACITY_LEVELS,
                index=None,
                key=keys.widget(keys.answer(area.key, "capacity")),
                format_func=lambda v: f"{v} · {q.label('capacity', v, lang)}",
                persist_state=KEEP,
            )
            field_errors(f"{area.key}:capacity")
        with priority:
            st.radio(
                t("sa.priority"),
                PRIORITY_LEVELS,
                index=None,
                key=keys.widget(keys.answer(area.key, "priority")),
                horizontal=True,
                format_func=lambda v: q.label("priority", v, lang),
                persist_state=KEEP,
            )
            field_errors(f"{area.key}:priority")
        with st.expander(t("sa.action_optional")):
            st.text_area(
                t("sa.action"),
                key=keys.answer(area.key, "action"),
                max_chars=500,
                height=80,
                persist_state=KEEP,
            )
            office, timeframe = st.columns(2)
            office.text_input(
                t("sa.office"),
                key=keys.answer(area.key, "office"),
                max_chars=200,
                live=LIVE,
                persist_state=KEEP,
            )
            timeframe.selectbox(
                t("sa.timeframe"),
                list(q.scales["timeframe"]),
                index=None,
                key=keys.widget(keys.answer(area.key, "timeframe")),
                format_func=lambda v: q.label("timeframe", v, lang),
                placeholder="—",
                filter_mode=None,
                persist_state=KEEP,
            )


def draw_top3(theme: str) -> None:
    """Three selects, 1st to 3rd, each offering every area of the table in the same order.

    The lists never change: on a slow connection a list opened before the last choice has come back
    would otherwise shrink under the finger (the tap lands on the next area), and a choice taken from
    it could repeat an area, which the page then dropped. An area chosen twice is said beside the
    later rank, and a submit refuses it.
    """
    q = data.questionnaire()
    t = translator()
    lang = language()
    names = {a.key: a.name[lang] for a in q.areas_of(theme)}
    with st.container(border=True, key=keys.top3_box(theme)):
        st.markdown(f"**{t('sa.top3', count=TOP_CHOICES)}**")
        st.caption(t("sa.top3_help"))
        for rank in RANKS:
            st.selectbox(
                t(f"sa.rank_{rank}"),
                list(names),
                index=None,
                key=keys.widget(keys.top(theme, rank)),
                format_func=names.get,
                placeholder=t("sa.choose"),
                filter_mode=None,  # no typing: no keyboard popping up on a phone
                persist_state=KEEP,
            )
            area = keys.read(keys.top(theme, rank))
            earlier = next((r for r in RANKS if r < rank and keys.read(keys.top(theme, r)) == area), None)
            if area and earlier:
                st.warning(t("sa.top3_repeated", rank=t(f"sa.rank_{earlier}")), icon=":material/error:")
        field_errors(f"{theme}:top3")
        chosen = [(rank, area) for rank in RANKS if (area := keys.read(keys.top(theme, rank)))]
        if chosen:
            # A phone's select cuts a long name: there the order is written out in full (FORM_CSS).
            with st.container(key=keys.TOP3_ORDER):
                st.caption("  \n".join(literal(f"{rank}. {names[area]}") for rank, area in chosen))


SHOWN_PER_TABLE = 3  # an empty form misses 47 answers: a page of buttons would hide the point


def draw_refusal(problems: list) -> None:
    """Beside the submit button: what is missing, each item a button that opens its table and field."""
    q = data.questionnaire()
    t = translator()
    with st.container(key=keys.REFUSED_BOX):
        st.error(t("sa.not_submitted", count=len(problems)))
        groups: dict[str | None, list] = {}
        for problem in problems:
            groups.setdefault(theme_of(problem.column or ""), []).append(problem)
        number = 0
        for theme, group in groups.items():
            for problem in group[:SHOWN_PER_TABLE]:
                st.button(
                    problem_label(problem),
                    key=keys.go_to_missing(number),
                    icon=":material/arrow_upward:",
                    type="tertiary",
                    on_click=go_to_missing,
                    args=(theme or st.session_state.get(TABLE), anchor_of(problem.column or "")),
                )
                number += 1
            if len(group) > SHOWN_PER_TABLE:
                where = t("sa.theme_short", n=q.theme_number(theme))
                st.caption(t("sa.more_missing", count=len(group) - SHOWN_PER_TABLE, table=where))


# The missing answers read as a left-aligned list of links, not as centred buttons. The top 3 written
# out in full only where a select is too narrow for a long area name (a phone).
FORM_CSS = f"""<style>
.st-key-{keys.REFUSED_BOX} button {{ justify-content: flex-start; text-align: left; }}
.st-key-{keys.REFUSED_BOX} button p {{ text-align: left; }}
@media (min-width: 641px) {{ .st-key-{keys.TOP3_ORDER} {{ display: none; }} }}
</style>"""


def draw_submitted_difference(current: dict, draft: Assessment) -> None:
    """Whether the draft on screen is not what was submitted: which answers differ, and since when.

    Another device may have changed the answer after it was submitted; without this, its unsent
    value under "Submit changes" reads as if it were the submitted one.
    """
    if not current.get("submitted"):
        return
    t = translator()
    changed = changed_fields(Assessment.from_json(current["submitted"]), draft, data.questionnaire())
    if not changed:
        return
    sent = in_shown_zone(current["submitted_at"])
    shown = [field_label(column) for column in changed[:SHOWN_PER_TABLE]]
    if len(changed) > SHOWN_PER_TABLE:
        shown.append(t("sa.and_more", count=len(changed) - SHOWN_PER_TABLE))
    with st.container(key=keys.SUBMITTED_DIFF):
        st.warning(
            t(
                "sa.draft_differs",
                count=len(changed),
                version=current["version"],
                date=t.long_date(sent.date()),
                time=t.clock_time(sent),
                fields="; ".join(shown),
            ),
            icon=":material/edit_note:",
        )


def draw_form(current: dict) -> None:
    q = data.questionnaire()
    t = translator()
    lang = language()
    st.html(FORM_CSS)
    try:
        country = data.country_names().get(current["country"], current["country"])
    except DatabaseUnavailable:
        country = current["country"]
    with st.container(key=keys.FORM_START):
        st.header(literal(f"{current['place_name']} · {country}"), anchor=False)
    if current["is_example"]:
        st.warning(t("sa.example_assessment"))
    st.info(t("sa.resume_code_is", code=current["resume_code"]), icon=":material/key:")
    draw_top(current)  # a closed round, answers from an earlier round, the place's commitments

    draft = assessment_from_widgets(current["place_id"])
    draw_submitted_difference(current, draft)
    if keys.PROBLEMS in st.session_state:
        # After a refused submit the list of what is missing shrinks as each answer is given.
        st.session_state[keys.PROBLEMS] = problems_for_submit(draft, q)
    answered = sum(draft.answered(q, theme) for theme in q.themes)
    st.progress(answered / len(q.areas), text=t("sa.progress", done=answered, total=len(q.areas)))

    with st.container(key=keys.IDENTITY_BOX):
        st.radio(
            t("sa.identity"),
            ("named", "anonymous"),
            index=None,
            key=keys.widget(keys.IDENTITY),
            horizontal=True,
            format_func=lambda v: t(f"sa.identity_{v}"),
            persist_state=KEEP,
        )
        field_errors("anonymous")
        if keys.read(keys.IDENTITY) == "named":
            name, role = st.columns(2)
            name.text_input(t("sa.name"), key=keys.NAME, max_chars=120, live=LIVE, persist_state=KEEP)
            role.text_input(t("sa.role"), key=keys.ROLE, max_chars=120, live=LIVE, persist_state=KEEP)
            field_errors("respondent_name")
    contact.draw_contact(current)

    # The table picker's labels never change (no counts in them): the choice is kept by its key,
    # and the list of missing answers beside the submit button says where to look.
    themes = list(q.themes)
    if TABLE not in st.session_state:
        in_address = st.query_params.get(TABLE)
        st.session_state[TABLE] = in_address if in_address in themes else themes[0]
    theme = st.segmented_control(
        t("sa.table_picker"),
        themes,
        key=TABLE,
        required=True,
        format_func=lambda th: t("sa.theme_short", n=q.theme_number(th)),
        width="stretch",
        persist_state=KEEP,
    )
    keep_in_address(TABLE, theme, themes[0])
    with st.container(key=keys.TABLE_START):
        st.subheader(q.themes[theme][lang], anchor=False)
        st.caption(t("sa.theme_progress", done=draft.answered(q, theme), total=len(q.areas_of(theme))))
    for area in q.areas_of(theme):
        draw_area(area)
    draw_top3(theme)
    following = themes.index(theme) + 1
    if following < len(themes):
        st.button(
            t("sa.next_table", n=q.theme_number(themes[following])),
            key=keys.NEXT,
            icon=":material/arrow_forward:",
            on_click=next_table,
            args=(themes[following],),
            width="stretch",
        )

    problems = st.session_state.get(keys.PROBLEMS)
    if problems:
        draw_refusal(problems)
    # Autosave: whatever changed since the last save is written now, before anything can be lost.
    payload = draft.to_json()
    saved = payload == current["saved"] or save_draft(current, payload)
    draw_submit_area(current, None if saved else payload)
    scroll_to_requested()


@st.fragment
def draw_submit_area(current: dict, unsaved: str | None) -> None:
    """Submit, leave, whether the answers are saved, and the summary. A submission draws only this
    part again: when a room submits at once, each one costs the server this, not the whole form."""
    t = translator()
    st.button(
        t("sa.submit_again") if current.get("version") else t("sa.submit"),
        type="primary",
        on_click=submit_here,
        args=(unsaved is not None,),
        key=keys.SUBMIT,
        width="stretch",
    )
    st.button(t("sa.leave"), on_click=leave_page, key=keys.LEAVE)
    if unsaved is None:
        st.caption(t("sa.autosaved"))
    else:
        retry_save(current, unsaved)
    if current.get("version") and not st.session_state.get(keys.PROBLEMS):
        draw_summary(current)


def submit_here(unsaved: bool) -> None:
    """A refusal marks the missing answers across the form, and a database away or a closed round is
    said at the top: those (and a page showing a refusal or an unsaved draft before) are drawn again
    whole."""
    refused_before = bool(st.session_state.get(keys.PROBLEMS))
    actions.guarded(submit)()
    refused = bool(st.session_state.get(keys.PROBLEMS)) or followup.ROUND_REFUSED in st.session_state
    if unsaved or refused_before or refused or actions.DB_ERROR in st.session_state:
        st.rerun()


def leave_page() -> None:
    leave()
    st.rerun()  # the way in, instead of the form


def save_draft(current: dict, payload: str) -> bool:
    try:
        actions.save_draft(current["id"], Assessment.from_json(payload))
    except DatabaseUnavailable:
        return False
    current["saved"] = payload
    return True


@st.fragment(run_every=RETRY_SAVE_S)
def retry_save(current: dict, payload: str) -> None:
    """Until the database is back: say the answers are kept here, and try again every few seconds."""
    t = translator()
    if payload == current["saved"] or save_draft(current, payload):
        st.rerun(scope="app")
    st.warning(t("db.draft_kept"), icon=":material/cloud_off:")
