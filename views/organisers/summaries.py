"""Summaries and downloads: the priority summary of a scope on screen, and as a CSV, XLSX or PDF file."""

import streamlit as st

from indicators.exports import FORMATS, ExportError, ExportRequest, check_request
from indicators.summary import SCOPES
from ui import actions, data, gate, widgets
from ui.lang import language, literal, tkey, translator

ACTION = "summaries.region"  # every role; a local government's or a country's: "summaries.place"
GROUP_HEADERS = {"local_government": "export.col_place", "country": "export.col_country"}
SUMMARY_COLUMNS = ("theme", "rank", "area", "index", "top3", "respondents")


def draw() -> None:
    t = translator()
    st.caption(t("org.summaries_intro"))
    scope_col, place_col, format_col = st.columns(3)
    reach = gate.reach("summaries.place")
    scopes = SCOPES if gate.may("summaries.place") else ("region",)  # a viewer: the region only
    scope = scope_col.radio(
        t("org.scope"), scopes, key=tkey("org_scope"), format_func=lambda v: t(f"org.scope_{v}")
    )
    place_id = country = None
    if scope == "local_government":
        labels = data.place_labels(igm_only=False)
        place_id = widgets.place_picker(
            t("org.place"),
            {p: labels[p] for p in reach.places(data.all_places())["place_id"]},
            key="org_export_place",
            placeholder=t("org.all_places"),
            where=place_col,
        )
    elif scope == "country":
        names = reach.country_names(data.country_names())
        country = place_col.selectbox(
            t("org.field_country"),
            list(names),
            format_func=names.get,
            key=tkey("org_export_country"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
    file_format = format_col.radio(
        t("org.format"), FORMATS, horizontal=True, key="org_format", format_func=str.upper
    )
    hxl = format_col.checkbox(t("org.hxl"), key="org_hxl", disabled=file_format == "pdf")
    # What this account may have: a focal point's "every local government" is its own country's.
    request = actions.permitted_export(
        ExportRequest(scope, file_format, place_id=place_id, country=country, hxl=hxl)
    )
    draw_preview(scope, request.place_id, request.country)
    if st.button(t("org.prepare"), type="primary", key="org_prepare"):
        prepare(request)
    if "org_export" in st.session_state:
        content, file_name = st.session_state["org_export"]
        st.download_button(
            t("org.download_file", name=literal(file_name)),
            content,
            file_name=file_name,
            icon=":material/download:",
            key="org_download",
            on_click="ignore",
        )


def draw_preview(scope: str, place_id: str | None, country: str | None) -> None:
    """The summary the file will hold, and whose answers it counts."""
    t = translator()
    summary = data.priority_summary(scope, place_id, country)
    if summary.empty:
        st.info(t("org.no_summary"))
        return
    labels, names = data.place_labels(igm_only=False), data.country_names()
    examples, total = data.example_share(place_id, country)
    if examples:
        st.warning(t("sa.summary_examples", count=examples))
    # Says whose answers these are: one local government, all of them, a country or the region.
    if place_id:
        basis = t("org.basis_place", count=total, place=literal(labels[place_id]))
    elif country:
        basis = t("org.basis_place", count=total, place=literal(names.get(country, country)))
    else:
        basis = t(f"org.basis_{scope}", count=total)
    st.caption(basis)
    themes = data.questionnaire().themes
    preview = summary.copy()
    preview["group"] = preview["group"].map(
        lambda g: labels.get(g) or names.get(g) or t("export.region_name")
    )
    preview["theme"] = preview["theme"].map(lambda k: themes[k][language()])
    columns = {"group": GROUP_HEADERS.get(scope, "export.col_region")}
    columns |= {key: f"export.col_{key}" for key in SUMMARY_COLUMNS}
    st.dataframe(widgets.headed(preview, columns), hide_index=True, height=320)


def prepare(request: ExportRequest) -> None:
    """Check the request, then build the file for the download button (or say why not)."""
    t = translator()
    st.session_state.pop("org_export", None)
    problems = check_request(request, data.all_places(), set(data.country_names()))
    for problem in problems:
        st.error(t(f"export_request.{problem.reason}", **problem.params))
    if problems:
        return
    try:
        content = actions.export_summary(request)
    except ExportError as error:
        st.error(error.message(t))
        return
    scope_name = request.place_id or request.country or t("org.file_region")
    st.session_state["org_export"] = (content, f"{t('org.file_priorities')}-{scope_name}.{request.format}")
