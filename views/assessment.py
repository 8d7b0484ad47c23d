"""Self-assessment of priority areas: unlock with a code, answer theme by theme, submit, see the summary.

What the respondent types is saved as a draft on every change, so a reload or an error loses
nothing; the resume code (also kept in the page address) brings the draft back on any device.
"""

import streamlit as st

import ui
from indicators import access
from indicators.assessment import AreaAnswer, Assessment, problems_for_submit
from indicators.exports import ExportRequest, export_file
from indicators.questionnaire import CAPACITY_LEVELS, PRIORITY_LEVELS, TOP_CHOICES
from indicators.summary import example_share, top_areas

t = ui.translator()
lang = ui.language()
q = ui.questionnaire()
store = ui.store()

# --- widgets <-> assessment ------------------------------------------------------------------------


def load_into_widgets(assessment: Assessment) -> None:
    anonymous = assessment.anonymous
    ui.tset("sa_anon", None if anonymous is None else ("anonymous" if anonymous else "named"))
    st.session_state["sa_name"] = assessment.respondent_name
    st.session_state["sa_role"] = assessment.respondent_role
    for area in q.areas:
        answer = assessment.answers.get(area.key, AreaAnswer())
        ui.tset(f"cap_{area.key}", answer.capacity)
        ui.tset(f"pri_{area.key}", answer.priority)
        ui.tset(f"tf_{area.key}", answer.timeframe)
        st.session_state[f"act_{area.key}"] = answer.action
        st.session_state[f"off_{area.key}"] = answer.office
    for theme in q.themes:
        ui.tset(f"top_{theme}", list(assessment.top3.get(theme, [])))


def assessment_from_widgets(place_id: str) -> Assessment:
    state = st.session_state
    choice = ui.tvalue("sa_anon")
    answers = {
        area.key: AreaAnswer(
            capacity=ui.tvalue(f"cap_{area.key}"),
            priority=ui.tvalue(f"pri_{area.key}"),
            action=state.get(f"act_{area.key}", ""),
            office=state.get(f"off_{area.key}", ""),
            timeframe=ui.tvalue(f"tf_{area.key}"),
        )
        for area in q.areas
    }
    return Assessment(
        place_id=place_id,
        anonymous=None if choice is None else choice == "anonymous",
        respondent_name=state.get("sa_name", ""),
        respondent_role=state.get("sa_role", ""),
        answers=answers,
        top3={theme: list(ui.tvalue(f"top_{theme}") or []) for theme in q.themes},
    )


def open_assessment(assessment_id: str, resume_code: str | None) -> None:
    row = store.assessment(assessment_id)
    draft = Assessment.from_json(row["draft"])
    st.session_state["sa"] = {
        "id": assessment_id,
        "place_id": row["place_id"],
        "resume_code": resume_code,
        "is_example": bool(row["is_example"]),
        "saved": draft.to_json(),
        "version": int(row["version"]),
        "just_submitted": False,
    }
    st.session_state.pop("sa_problems", None)
    load_into_widgets(draft)


# --- actions (callbacks run before the page is drawn again) -------------------------------------


def start_with_access_code() -> None:
    chosen = st.session_state.get("sa_place")
    if not chosen:
        st.session_state["sa_gate"] = ("no_place", None)
        return
    # A code opens only the local government it was made for: any other counts as a wrong code.
    outcome, place_id = ui.try_code(
        st.session_state.get("sa_access_code", ""),
        lambda code: chosen if store.place_for_code(code) == chosen else None,
    )
    st.session_state["sa_gate"] = (outcome, place_id)
    if outcome == "ok":
        assessment_id, resume_code = store.create_assessment(place_id)
        open_assessment(assessment_id, resume_code)
        st.query_params["r"] = resume_code


def resume_with_code(code: str) -> None:
    outcome, found = ui.try_code(
        code,
        store.assessment_for_resume_code,
    )
    st.session_state["sa_gate"] = (outcome, found)
    if outcome == "ok":
        open_assessment(found["assessment_id"], None)
        st.query_params["r"] = access.normalise(code)


def submit() -> None:
    current = st.session_state["sa"]
    assessment = assessment_from_widgets(current["place_id"])
    problems = problems_for_submit(assessment, q)
    st.session_state["sa_problems"] = problems
    if problems:
        return
    author = assessment.stored_identity()[0] or t("sa.anonymous_author")
    current["version"] = store.submit_assessment(current["id"], assessment, q, author)
    current["just_submitted"] = True
    current["saved"] = assessment.to_json()


def leave() -> None:
    for key in [
        k for k in st.session_state if k.startswith(("sa", "cap_", "pri_", "act_", "off_", "tf_", "top_"))
    ]:
        del st.session_state[key]
    st.query_params.clear()


# --- drawing -------------------------------------------------------------------------------------


def field_errors(column: str) -> None:
    for problem in st.session_state.get("sa_problems", []):
        if problem.column == column:
            st.error(t(f"problems.{problem.reason}", **problem.params), icon=":material/error:")


def draw_gate() -> None:
    st.markdown(t("sa.gate_intro"))
    outcome, value = st.session_state.pop("sa_gate", (None, None))
    if outcome == "invalid":
        st.error(t("sa.code_invalid"))
    elif outcome == "locked":
        st.error(t("sa.code_locked", time=value.strftime("%H:%M")))
    elif outcome == "no_place":
        st.error(t("sa.choose_place"))
    everyone = ui.all_places()
    names = ui.country_names()
    start, resume = st.columns(2)
    with start, st.container(border=True):
        st.markdown(f"**{t('sa.start_title')}**")
        country = st.selectbox(
            t("sa.country"),
            sorted(everyone["country"].unique(), key=names.get),
            format_func=names.get,
            index=None,
            placeholder=t("sa.choose"),
            key=ui.tkey("sa_country"),
        )
        in_country = everyone[everyone["country"] == country].sort_values("name")
        st.selectbox(
            t("sa.local_government"),
            list(in_country["place_id"]),
            index=None,
            format_func=dict(zip(in_country["place_id"], in_country["name"], strict=True)).get,
            placeholder=t("sa.choose"),
            key="sa_place",
            disabled=country is None,
        )
        st.text_input(t("sa.access_code"), key="sa_access_code", placeholder="ABCD-EFGH", max_chars=12)
        st.button(t("sa.start"), on_click=start_with_access_code, type="primary", key="sa_start")
    with resume, st.container(border=True):
        st.markdown(f"**{t('sa.resume_title')}**")
        st.text_input(t("sa.resume_code"), key="sa_resume_code", placeholder="ABCD-EFGH", max_chars=12)
        st.button(
            t("sa.resume"),
            key="sa_resume",
            on_click=lambda: resume_with_code(st.session_state.get("sa_resume_code", "")),
        )


def draw_area(area) -> None:
    with st.container(border=True):
        st.markdown(f"**{area.name[lang]}**")
        objectives = ", ".join(f"{n}. {q.objectives.loc[n, f'short_{lang}']}" for n in area.gcm)
        st.caption(f"{area.help[lang]}  \n{t('sa.serves', objectives=objectives)}")
        capacity, priority = st.columns([3, 2])
        with capacity:
            st.radio(
                t("sa.capacity"),
                CAPACITY_LEVELS,
                index=None,
                key=ui.tkey(f"cap_{area.key}"),
                format_func=lambda v: f"{v} · {q.label('capacity', v, lang)}",
            )
            field_errors(f"{area.key}:capacity")
        with priority:
            st.radio(
                t("sa.priority"),
                PRIORITY_LEVELS,
                index=None,
                key=ui.tkey(f"pri_{area.key}"),
                horizontal=True,
                format_func=lambda v: q.label("priority", v, lang),
            )
            field_errors(f"{area.key}:priority")
        with st.expander(t("sa.action_optional")):
            st.text_area(t("sa.action"), key=f"act_{area.key}", max_chars=500, height=80)
            office, timeframe = st.columns(2)
            office.text_input(t("sa.office"), key=f"off_{area.key}", max_chars=200)
            timeframe.selectbox(
                t("sa.timeframe"),
                list(q.scales["timeframe"]),
                index=None,
                key=ui.tkey(f"tf_{area.key}"),
                format_func=lambda v: q.label("timeframe", v, lang),
                placeholder="—",
            )


def draw_form(current: dict) -> None:
    place = ui.all_places().set_index("place_id").loc[current["place_id"]]
    st.subheader(f"{place['name']} · {ui.country_names().get(place['country'], place['country'])}")
    if current["is_example"]:
        st.warning(t("sa.example_assessment"))
    if current.get("resume_code"):
        st.info(t("sa.resume_code_is", code=current["resume_code"]), icon=":material/key:")

    draft = assessment_from_widgets(current["place_id"])
    answered = sum(draft.answered(q, theme) for theme in q.themes)
    st.progress(answered / len(q.areas), text=t("sa.progress", done=answered, total=len(q.areas)))

    st.radio(
        t("sa.identity"),
        ("named", "anonymous"),
        index=None,
        key=ui.tkey("sa_anon"),
        horizontal=True,
        format_func=lambda v: t(f"sa.identity_{v}"),
    )
    field_errors("anonymous")
    if ui.tvalue("sa_anon") == "named":
        name, role = st.columns(2)
        name.text_input(t("sa.name"), key="sa_name", max_chars=120)
        role.text_input(t("sa.role"), key="sa_role", max_chars=120)
        field_errors("respondent_name")

    # A tab with missing answers says so, so the respondent knows where to look after a refused submit.
    faults = {theme: 0 for theme in q.themes}
    for problem in st.session_state.get("sa_problems", []):
        field = (problem.column or "").split(":")[0]
        theme = field if field in q.themes else getattr(q.area_by_key.get(field), "theme", None)
        if theme:
            faults[theme] += 1
    # Tab labels change only when a submit is refused: a label that changed on every answer would
    # make Streamlit reopen the first tab under the respondent's hand.
    tab_labels = [
        t("sa.theme_short", n=q.theme_number(theme)) + (f" · ⚠ {faults[theme]}" if faults[theme] else "")
        for theme in q.themes
    ]
    for tab, theme in zip(st.tabs(tab_labels), q.themes, strict=True):
        with tab:
            st.markdown(f"#### {q.themes[theme][lang]}")
            st.caption(t("sa.theme_progress", done=draft.answered(q, theme), total=len(q.areas_of(theme))))
            for area in q.areas_of(theme):
                draw_area(area)
            names = {a.key: a.name[lang] for a in q.areas_of(theme)}
            st.multiselect(
                t("sa.top3", count=TOP_CHOICES),
                list(names),
                key=ui.tkey(f"top_{theme}"),
                max_selections=TOP_CHOICES,
                format_func=names.get,
                placeholder=t("sa.top3_placeholder"),
            )
            st.caption(t("sa.top3_help"))
            field_errors(f"{theme}:top3")

    problems = st.session_state.get("sa_problems")
    if problems:
        st.error(t("sa.not_submitted", count=len(problems)))
    st.button(
        t("sa.submit_again") if current.get("version") else t("sa.submit"),
        type="primary",
        on_click=submit,
        key="sa_submit",
    )
    st.button(t("sa.leave"), on_click=leave, key="sa_leave")

    # Autosave: whatever changed since the last save is written now, before anything can be lost.
    if draft.to_json() != current["saved"]:
        store.save_draft(current["id"], draft)
        current["saved"] = draft.to_json()
    st.caption(t("sa.autosaved"))

    if current.get("version") and not problems:
        draw_summary(current)


def draw_summary(current: dict) -> None:
    if current.pop("just_submitted", False):
        st.success(t("sa.submitted", version=current["version"]))
    answers = store.submitted_answers(place_id=current["place_id"])
    examples, total = example_share(answers)
    st.subheader(t("sa.summary_title"))
    st.caption(t("sa.summary_basis", count=total))
    if examples:
        st.warning(t("sa.summary_examples", count=examples))
    summary = top_areas(answers, q, lang)
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
        data=lambda: export_file(store, q, t, request, font_dir=ui.settings().font_dir),
        file_name=f"prioridades-{current['place_id']}-{lang}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key="sa_pdf",
    )


st.title(t("sa.title"))
st.caption(t("sa.intro"))

if "sa" not in st.session_state and st.query_params.get("r"):
    resume_with_code(st.query_params["r"])
if "sa" in st.session_state:
    draw_form(st.session_state["sa"])
else:
    draw_gate()
