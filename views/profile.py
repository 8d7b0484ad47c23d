"""Local IGM profiles: one place's findings by domain and indicator answers; up to four side by side.

A profile has an address of its own, /perfiles?lugar=<place_id> (with &lang=en in English): a shared
link, the map's place card and a reload all open it.
"""

import streamlit as st

from indicators import charts, profiles
from indicators import places as catalogue
from indicators.results import FINDING_TYPES
from ui import data, gate, screen, widgets
from ui.lang import keep_in_address, language, link, literal, translator
from views.peers.compare import draw_compared_texts
from views.peers.profile import draw_learning

t = translator()
lang = language()
framework = data.framework()
names = data.country_names()
igm_places = data.places()
labels = data.place_labels()

st.title(t("profile.title"))
st.caption(t("profile.intro"))
st.info(t("profile.not_ranking"), icon=":material/info:")


def domain_heading(domain: str) -> str:
    row = framework.domains.loc[domain]
    suffix = "" if lang == "en" or row["name_es_official"] else f" {t('profile.suggested')}"
    return f"{row['number']}. {framework.domain_name(domain, lang)}{suffix}"


def draw_profile(place_id: str) -> None:
    place = igm_places.set_index("place_id").loc[place_id]
    st.header(literal(place["name"]))
    level = t(f"levels.{place['level']}")
    status = catalogue.describe_status(place["status"], place["status_from"], t)
    st.markdown(f"{level} · {names.get(place['country'], place['country'])} · {status}")
    findings = data.current_findings((place_id,))
    answers = data.current_answers((place_id,))
    source = t("profile.published_report", link=link(place["source_label"], place["source_url"]))
    if findings.empty and answers.empty:
        st.warning(t("profile.no_results", name=literal(place["name"])))
        st.markdown(source)
        return
    examples = bool(findings["is_example"].any() or answers["is_example"].any())
    if examples:
        st.warning(t("profile.examples"), icon=":material/science:")
    grouped = profiles.findings_by_domain(findings, framework)
    for domain, kinds in grouped.items():
        with st.expander(domain_heading(domain), expanded=any(kinds.values())):
            for column, kind in zip(st.columns(len(FINDING_TYPES)), FINDING_TYPES, strict=True):
                column.markdown(f"**{t(f'profile.{kind}')}**")
                rows = kinds[kind]
                if not rows:
                    column.caption(t("profile.none_found"))
                for row in rows:
                    page = (
                        f", {t('profile.page', page=row['page'])}"
                        if row["page"] == row["page"] and row["page"]
                        else ""
                    )
                    # Imported text is shown as written, never as HTML or Markdown (a file could carry
                    # outside images, styles or links); :small[] is Streamlit's own small type.
                    column.markdown(
                        f"- {literal(row['finding'])}  \n  :small[{literal(row['source'])}{page}]"
                    )
    if not answers.empty:
        st.markdown(f"### {t('profile.answers_title')}")
        st.caption(t("profile.answers_caption"))
        counts = profiles.answer_counts(answers, framework, lang)
        st.plotly_chart(
            charts.answers_chart(counts, t, examples), key=f"answers_{place_id}", alt=t("profile.answers_alt")
        )
        with st.expander(t("profile.answers_table")):
            table = answers[
                ["indicator_code", "domain", "subarea", "indicator_text", "answer", "source"]
            ].copy()
            table["domain"] = table["domain"].map(lambda d: framework.domain_name(d, lang))
            table["answer"] = table["answer"].map(lambda a: t(f"answers.{a}"))
            st.dataframe(table, hide_index=True)
    st.markdown(source)


def draw_assessment(place_id: str) -> None:
    """What the local government's officials prioritised, beside what the framework found."""
    st.markdown(f"### {t('profile.assessment_title')}")
    if not gate.may_see_assessments_of(place_id):
        st.caption(t("profile.assessment_locked"))
        return
    summary = data.priority_summary("region", place_id=place_id)  # its own top areas
    if summary.empty:
        st.caption(t("profile.assessment_none"))
        return
    q = data.questionnaire()
    for theme in q.themes:
        rows = summary[summary["theme"] == theme]
        st.markdown(f"**{t('sa.theme_short', n=q.theme_number(theme))}**: " + "; ".join(rows["area"]))


PLACE_PARAM = "lugar"  # the profile's place in the address


def follow_address() -> None:
    """The place in the address is the one shown, unless the user has just chosen another in the
    list (the address follows that choice once the list is drawn)."""
    wanted = st.query_params.get(PLACE_PARAM)
    if st.session_state.pop("profile_picked", False) or wanted is None:
        return
    if wanted in labels:
        st.session_state["profile_pick"] = wanted
    else:
        st.warning(t("profile.unknown_place", place=literal(wanted)))


follow_address()
chosen = widgets.place_picker(
    t("profile.place"),
    labels,
    key="profile_pick",
    placeholder=t("profile.choose"),
    on_change=lambda: st.session_state.update(profile_picked=True),
)
keep_in_address(PLACE_PARAM, chosen or "", "")
if chosen:
    findings_col, assessment_col = st.columns([3, 1])
    with findings_col:
        draw_profile(chosen)
    with assessment_col:
        draw_assessment(chosen)
    draw_learning(chosen)


def keep_at_most_compared() -> None:
    """Our own limit and message: Streamlit's `max_selections` says "You can only select…" in English."""
    chosen = st.session_state["profile_compare"]
    if len(chosen) > profiles.MAX_COMPARED:
        st.session_state["profile_compare"] = chosen[: profiles.MAX_COMPARED]
        st.session_state["profile_compare_full"] = True


st.divider()
st.header(t("profile.compare_title"))
compared = st.multiselect(
    t("profile.compare_pick"),
    list(labels),
    format_func=labels.get,
    placeholder=t("profile.choose"),
    on_change=keep_at_most_compared,
    key="profile_compare",
    filter_mode=None,
    select_all=False,
)
if st.session_state.pop("profile_compare_full", False):
    st.warning(t("profile.compare_full", count=profiles.MAX_COMPARED))
if compared:
    table = profiles.compare(
        compared, data.current_findings(tuple(compared)), data.current_answers(tuple(compared)), framework
    )

    def cell(value) -> str:
        if value is None:
            return t("profile.compare_none")
        text = t("profile.compare_cell", count=value["developed"], potential=value["potential"])
        if value["total"]:
            text += " · " + t("profile.compare_answers", met=value["met"], total=value["total"])
        return text

    shown = table.map(cell)
    shown.index = [domain_heading(d) for d in table.index]
    shown.index.name = t("profile.domain_column")
    shown.columns = [labels[p] for p in table.columns]
    # Static tables, whose cells wrap: a data grid sized its columns to the text, so four places made
    # it 1,454 px wide in a 978 px box, the fourth off screen. A phone has no room for four columns
    # of text: one place after another.
    for columns in [[c] for c in shown.columns] if screen.on_phone() else [list(shown.columns)]:
        st.table(shown[columns])
    st.caption(t("profile.compare_note"))
    draw_compared_texts(compared, labels, domain_heading)
    example_places = set(data.places_with_results().query("is_example")["place_id"])
    if example_places & set(compared):
        st.warning(t("profile.examples"))
