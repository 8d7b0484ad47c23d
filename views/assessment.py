"""Self-assessment of priority areas: unlock with a code, answer theme by theme, submit, see the summary.

What the respondent types is saved as a draft on every change, so a reload or an error loses
nothing; the resume code (also kept in the page address) brings the draft back on any device. When
the database cannot be reached (a shared server restarting), the answers stay in the form and the
page keeps trying to save them until it is back.
"""

import streamlit as st

from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.exports import ExportRequest
from indicators.postgres import DatabaseUnavailable
from indicators.questionnaire import CAPACITY_LEVELS, PRIORITY_LEVELS, TOP_CHOICES
from ui import actions, data, gate, widgets
from ui import form_keys as keys
from ui.lang import keep_in_address, language, literal, translator

t = translator()
lang = language()
q = data.questionnaire()
# Seconds between attempts to save a draft while the database cannot be reached.
RETRY_SAVE_S = 5

# --- widgets <-> assessment ------------------------------------------------------------------------

RANKS = range(1, TOP_CHOICES + 1)
TABLE = keys.TABLE
# Only the table on screen draws its widgets; the others keep their values for the whole session
# (and across page switches), so the draft built from them is always complete.
KEEP = "session"
# Text boxes commit after a pause in typing, not only when the respondent leaves them: what was
# typed is then in the draft even if the page is reloaded with the cursor still in the box.
LIVE = "1s"


def chosen_top(theme: str) -> list[str]:
    """The areas chosen 1st, 2nd, 3rd (skipping a rank left empty)."""
    return [area for rank in RANKS if (area := keys.read(keys.top(theme, rank)))]


def load_into_widgets(assessment: Assessment) -> None:
    anonymous = assessment.anonymous
    keys.write(keys.IDENTITY, None if anonymous is None else ("anonymous" if anonymous else "named"))
    keys.write(keys.NAME, assessment.respondent_name)
    keys.write(keys.ROLE, assessment.respondent_role)
    for area in q.areas:
        answer = assessment.answers.get(area.key, AreaAnswer())
        for field in keys.ANSWER_PREFIXES:
            keys.write(keys.answer(area.key, field), getattr(answer, field))
    for theme in q.themes:
        chosen = list(dict.fromkeys(assessment.top3.get(theme, [])))  # an old draft may repeat an area
        for rank in RANKS:
            keys.write(keys.top(theme, rank), chosen[rank - 1] if rank <= len(chosen) else None)


def assessment_from_widgets(place_id: str) -> Assessment:
    choice = keys.read(keys.IDENTITY)
    answers = {
        area.key: AreaAnswer(**{field: keys.read_answer(area.key, field) for field in keys.ANSWER_PREFIXES})
        for area in q.areas
    }
    return Assessment(
        place_id=place_id,
        anonymous=None if choice is None else choice == "anonymous",
        respondent_name=keys.read(keys.NAME, ""),
        respondent_role=keys.read(keys.ROLE, ""),
        answers=answers,
        top3={theme: chosen_top(theme) for theme in q.themes},
    )


def open_assessment(assessment_id: str, resume_code: str | None) -> None:
    row = data.assessment(assessment_id)
    draft = Assessment.from_json(row["draft"])
    place = data.all_places().set_index("place_id").loc[row["place_id"]]
    st.session_state[keys.OPENED] = {
        "id": assessment_id,
        "place_id": row["place_id"],
        # Kept here so that the form still draws (and keeps what is typed) while the database is away.
        "place_name": place["name"],
        "country": place["country"],
        "resume_code": resume_code,
        "is_example": bool(row["is_example"]),
        "saved": draft.to_json(),
        "version": int(row["version"]),
        "just_submitted": False,
    }
    st.session_state.pop(keys.PROBLEMS, None)
    load_into_widgets(draft)


# --- actions (callbacks run before the page is drawn again) -------------------------------------


def start_with_access_code() -> None:
    chosen = st.session_state.get(keys.PLACE)
    if not chosen:
        st.session_state[keys.GATE] = ("no_place", None)
        return
    # A code opens only the local government it was made for: any other counts as a wrong code.
    outcome, place_id = gate.try_code(
        st.session_state.get(keys.ACCESS_CODE, ""),
        lambda code: chosen if data.place_for_code(code) == chosen else None,
    )
    st.session_state[keys.GATE] = (outcome, place_id)
    if outcome == "ok":
        assessment_id, resume_code = actions.create_assessment(place_id)
        open_assessment(assessment_id, resume_code)
        st.query_params["r"] = resume_code


def resume_with_code(code: str) -> None:
    outcome, found = gate.try_code(code, data.assessment_for_resume_code)
    st.session_state[keys.GATE] = (outcome, found)
    if outcome == "ok":
        open_assessment(found["assessment_id"], None)
        st.query_params["r"] = access.normalise(code)


def submit() -> None:
    current = st.session_state[keys.OPENED]
    assessment = assessment_from_widgets(current["place_id"])
    problems = problems_for_submit(assessment, q)
    st.session_state[keys.PROBLEMS] = problems
    if problems:
        # Stay on this table and bring the message beside the button into view.
        st.session_state[keys.SCROLL] = keys.REFUSED_BOX
        return
    author = assessment.stored_identity()[0] or t("sa.anonymous_author")
    current["version"] = actions.submit_assessment(current["id"], assessment, author)
    current["just_submitted"] = True
    current["saved"] = assessment.to_json()


def leave() -> None:
    for key in [k for k in st.session_state if keys.is_form_key(k)]:
        del st.session_state[key]
    st.query_params.pop("r", None)
    st.query_params.pop(TABLE, None)


def go_to(theme: str, anchor: str) -> None:
    """Open a round table and scroll to one of its fields (a missing answer, or the table's start)."""
    st.session_state[TABLE] = theme
    st.session_state[keys.SCROLL] = anchor


# --- drawing -------------------------------------------------------------------------------------


def field_errors(column: str) -> None:
    widgets.field_problems(st.session_state.get(keys.PROBLEMS, []), column)


def anchor_of(column: str) -> str:
    """The container a problem's field sits in: its area, its table's top 3, or the identity box."""
    field, _, part = column.partition(":")
    if field in q.area_by_key:
        return keys.area_box(field)
    if part == "top3":
        return keys.top3_box(field)
    return keys.IDENTITY_BOX


def theme_of(column: str) -> str | None:
    field = column.split(":")[0]
    return field if field in q.themes else getattr(q.area_by_key.get(field), "theme", None)


def problem_label(problem) -> str:
    """ "Mesa 2 · Identidad y documentos: Capacidad actual" — where the missing answer is."""
    field, _, part = (problem.column or "").partition(":")
    theme = theme_of(problem.column or "")
    where = t("sa.theme_short", n=q.theme_number(theme)) if theme else t("sa.identity")
    if field in q.area_by_key:
        what = f"{q.area_by_key[field].name[lang]}: {t(f'sa.{part}')}"
    elif part == "top3":
        what = t("sa.top3", count=TOP_CHOICES)
    else:
        # Problem texts are written to follow "Row 3:"; alone in the list they start a sentence.
        what = t(f"problems.{problem.reason}", **problem.params)
        what = what[:1].upper() + what[1:]
    return f"{where} · {what}" if theme else what


def scroll_to_requested() -> None:
    """Scroll the page to the container a button asked for (Streamlit has no scroll command).

    The script runs in the page itself; the counter makes each request a new element, so the
    browser runs it again even when the same field is asked for twice.
    """
    anchor = st.session_state.pop(keys.SCROLL, None)
    if not anchor:
        return
    st.session_state[keys.SCROLLS] = st.session_state.get(keys.SCROLLS, 0) + 1
    st.html(
        f"""<script data-n="{st.session_state[keys.SCROLLS]}">
        (function () {{
          let tries = 0;
          const go = () => {{
            const box = document.querySelector(".st-key-{anchor}");
            if (box) {{
              // Below Streamlit's fixed top bar, not under it.
              box.style.scrollMarginTop = "4.5rem";
              box.scrollIntoView({{block: "start"}});
              return;
            }}
            if (++tries < 40) setTimeout(go, 50);
          }};
          setTimeout(go, 50);
        }})();
        </script>""",
        unsafe_allow_javascript=True,
        width=1,
    )


def draw_gate() -> None:
    st.markdown(t("sa.gate_intro"))
    outcome, value = st.session_state.pop(keys.GATE, (None, None))
    gate.code_refusal(outcome, value, "sa.code_invalid")
    if outcome == "no_place":
        st.error(t("sa.choose_place"))
    everyone = data.all_places()
    names = data.country_names()
    start, resume = st.columns(2)
    with start, st.container(border=True):
        st.markdown(f"**{t('sa.start_title')}**")
        country = st.selectbox(
            t("sa.country"),
            sorted(everyone["country"].unique(), key=names.get),
            format_func=names.get,
            index=None,
            placeholder=t("sa.choose"),
            key=keys.widget(keys.COUNTRY),
            filter_mode=None,
        )
        in_country = everyone[everyone["country"] == country].sort_values("name")
        widgets.place_picker(
            t("sa.local_government"),
            dict(zip(in_country["place_id"], in_country["name"], strict=True)),
            key=keys.PLACE,
            placeholder=t("sa.choose"),
            disabled=country is None,
        )
        st.text_input(t("sa.access_code"), key=keys.ACCESS_CODE, placeholder="ABCD-EFGH", max_chars=12)
        st.button(
            t("sa.start"), on_click=actions.guarded(start_with_access_code), type="primary", key=keys.START
        )
    with resume, st.container(border=True):
        st.markdown(f"**{t('sa.resume_title')}**")
        st.text_input(t("sa.resume_code"), key=keys.RESUME_CODE, placeholder="ABCD-EFGH", max_chars=12)
        st.button(
            t("sa.resume"),
            key=keys.RESUME,
            on_click=actions.guarded(lambda: resume_with_code(st.session_state.get(keys.RESUME_CODE, ""))),
        )


def draw_area(area) -> None:
    with st.container(border=True, key=keys.area_box(area.key)):
        st.markdown(f"**{area.name[lang]}**")
        objectives = ", ".join(f"{n}. {q.objectives.loc[n, f'short_{lang}']}" for n in area.gcm)
        st.caption(f"{area.help[lang]}  \n{t('sa.serves', objectives=objectives)}")
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
    """Three selects, 1st to 3rd; an area taken by one rank is not offered by the others."""
    names = {a.key: a.name[lang] for a in q.areas_of(theme)}
    with st.container(border=True, key=keys.top3_box(theme)):
        st.markdown(f"**{t('sa.top3', count=TOP_CHOICES)}**")
        st.caption(t("sa.top3_help"))
        for rank in RANKS:
            taken = {keys.read(keys.top(theme, other)) for other in RANKS if other != rank}
            st.selectbox(
                t(f"sa.rank_{rank}"),
                [key for key in names if key not in taken],
                index=None,
                key=keys.widget(keys.top(theme, rank)),
                format_func=names.get,
                placeholder=t("sa.choose"),
                filter_mode=None,  # no typing: no keyboard popping up on a phone
                persist_state=KEEP,
            )
        field_errors(f"{theme}:top3")


SHOWN_PER_TABLE = 3  # an empty form misses 47 answers: a page of buttons would hide the point


def draw_refusal(problems: list) -> None:
    """Beside the submit button: what is missing, each item a button that opens its table and field."""
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
                    on_click=go_to,
                    args=(theme or st.session_state.get(TABLE), anchor_of(problem.column or "")),
                )
                number += 1
            if len(group) > SHOWN_PER_TABLE:
                where = t("sa.theme_short", n=q.theme_number(theme))
                st.caption(t("sa.more_missing", count=len(group) - SHOWN_PER_TABLE, table=where))


# The missing answers read as a left-aligned list of links, not as centred buttons.
FORM_CSS = f"""<style>
.st-key-{keys.REFUSED_BOX} button {{ justify-content: flex-start; text-align: left; }}
.st-key-{keys.REFUSED_BOX} button p {{ text-align: left; }}
</style>"""


def draw_form(current: dict) -> None:
    st.html(FORM_CSS)
    try:
        country = data.country_names().get(current["country"], current["country"])
    except DatabaseUnavailable:
        country = current["country"]
    st.header(literal(f"{current['place_name']} · {country}"))
    if current["is_example"]:
        st.warning(t("sa.example_assessment"))
    if current.get("resume_code"):
        st.info(t("sa.resume_code_is", code=current["resume_code"]), icon=":material/key:")

    draft = assessment_from_widgets(current["place_id"])
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
    st.markdown(f"### {q.themes[theme][lang]}")
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
            on_click=go_to,
            args=(themes[following], TABLE),
            width="stretch",
        )

    problems = st.session_state.get(keys.PROBLEMS)
    if problems:
        draw_refusal(problems)
    st.button(
        t("sa.submit_again") if current.get("version") else t("sa.submit"),
        type="primary",
        on_click=actions.guarded(submit),
        key=keys.SUBMIT,
        width="stretch",
    )
    st.button(t("sa.leave"), on_click=leave, key=keys.LEAVE)

    # Autosave: whatever changed since the last save is written now, before anything can be lost.
    autosave(current, draft.to_json())

    if current.get("version") and not problems:
        draw_summary(current)
    scroll_to_requested()


def save_draft(current: dict, payload: str) -> bool:
    try:
        actions.save_draft(current["id"], Assessment.from_json(payload))
    except DatabaseUnavailable:
        return False
    current["saved"] = payload
    return True


def autosave(current: dict, payload: str) -> None:
    if payload == current["saved"] or save_draft(current, payload):
        st.caption(t("sa.autosaved"))
    else:
        retry_save(current, payload)


@st.fragment(run_every=RETRY_SAVE_S)
def retry_save(current: dict, payload: str) -> None:
    """Until the database is back: say the answers are kept here, and try again every few seconds."""
    if payload == current["saved"] or save_draft(current, payload):
        st.rerun(scope="app")
    st.warning(t("db.draft_kept"), icon=":material/cloud_off:")


def draw_summary(current: dict) -> None:
    if current.pop("just_submitted", False):
        st.success(t("sa.submitted", version=current["version"]))
    examples, total = data.example_share(place_id=current["place_id"])
    st.header(t("sa.summary_title"))
    st.caption(t("sa.summary_basis", count=total))
    if examples:
        st.warning(t("sa.summary_examples", count=examples))
    summary = data.priority_summary("region", place_id=current["place_id"])  # its own top areas
    for theme in q.themes:
        rows = summary[summary["theme"] == theme]
        st.markdown(f"**{q.themes[theme][lang]}**")
        st.markdown(
            "\n".join(
                f"{r.rank}. {r.area} — {t('sa.index')}: {r.index:.1f} · {t('sa.in_top3')}: {r.top3}  \n"
                f"   _{t('sa.gcm')}: {r.gcm}_"
                for r in rows.itertuples()
            )
        )
    with st.expander(t("sa.how_computed")):
        st.markdown(t("sa.formula"))
    request = ExportRequest("local_government", "pdf", place_id=current["place_id"])
    st.download_button(
        t("sa.download_pdf"),
        # Built only when clicked: the PDF takes a moment and most visitors never ask for it.
        data=data.export_file_later(request),
        file_name=f"{t('org.file_priorities')}-{current['place_id']}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key=keys.PDF,
        on_click="ignore",
    )


st.title(t("sa.title"))
st.caption(t("sa.intro"))

if keys.OPENED not in st.session_state and st.query_params.get("r"):
    resume_with_code(st.query_params["r"])
if keys.OPENED in st.session_state:
    draw_form(st.session_state[keys.OPENED])
else:
    draw_gate()
