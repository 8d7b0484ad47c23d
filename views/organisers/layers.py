"""Boundary layers in: a file's fields, the country, level and licence, checked whole; the layers so far."""

import streamlit as st

from indicators.boundaries import UPLOAD_MB, list_fields
from indicators.layers import ADMIN_LEVELS, layer_report_lines
from indicators.validation import DataFileError
from ui import actions, data, gate, widgets
from ui.lang import literal, tkey, translator

ACTION = "layers.import"
LAYER_COLUMNS = {
    "title": "columns.layer_title",
    "country": "columns.country",
    "admin_level": "layers.level",
    "features": "columns.features",
    "licence": "layers.licence",
    "file_name": "columns.file_name",
    "imported_at": "columns.imported_at",
}


def draw() -> None:
    t = translator()
    st.caption(t("layers.intro"))
    # INEGI's national municipal GeoJSON as published is 338 MB.
    upload = widgets.uploader(
        t("layers.file"), ["geojson", "json", "topojson", "gpkg", "zip"], "org_boundary_file", UPLOAD_MB
    )
    if upload is not None:
        try:
            fields = fields_of(upload)
        except DataFileError as error:
            widgets.show_rejection(t("layers.rejected", file=literal(upload.name)), error)
        else:
            import_form(upload, fields)
    draw_layers()


def fields_of(upload) -> list[str]:
    """The chosen file's fields, read once per file: a national layer takes seconds to open, and every
    click on the form below reruns the page."""
    known = st.session_state.get("org_boundary_fields")
    if known is None or known[0] != upload.file_id:
        known = (upload.file_id, list_fields(upload.getvalue(), upload.name))
        st.session_state["org_boundary_fields"] = known
    return known[1]


def import_form(upload, fields: list[str]) -> None:
    """Which country, level, fields and licence the file has; a form keeps them when it is refused."""
    t = translator()
    names = gate.reach(ACTION).country_names(data.country_names())
    with st.form("import_layer", clear_on_submit=False):
        country_col, level_col = st.columns(2)
        country = country_col.selectbox(
            t("org.field_country"),
            list(names),
            format_func=names.get,
            key=tkey("layer_country"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        level = level_col.radio(
            t("layers.level"),
            ADMIN_LEVELS,
            key=tkey("layer_level"),
            format_func=lambda v: t(f"layers.level_{v}"),
        )
        code_col, name_col = st.columns(2)
        code_field = code_col.selectbox(
            t("layers.code_field"),
            fields,
            key="layer_code_field",
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        name_field = name_col.selectbox(
            t("layers.name_field"),
            fields,
            index=None,
            key="layer_name_field",
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        source = st.text_input(t("layers.source"), key="layer_source", max_chars=200)
        licence_col, url_col = st.columns(2)
        licence = licence_col.text_input(t("layers.licence"), key="layer_licence", max_chars=200)
        url = url_col.text_input(t("layers.url"), key="layer_url", max_chars=300)
        strict = st.checkbox(t("layers.strict"), key="layer_strict", help=t("layers.strict_help"))
        if not st.form_submit_button(t("layers.import"), type="primary"):
            return
        try:
            report = actions.import_boundaries(
                upload.getvalue(),
                upload.name,
                country=country,
                admin_level=level,
                code_field=code_field,
                name_field=name_field,
                source=source,
                licence=licence,
                url=url,
                strict=strict,
            )
        except DataFileError as error:
            widgets.show_rejection(t("layers.rejected", file=literal(upload.name)), error)
            return
        # The map draws the new layer at once: its cached reads follow the catalogue's revision.
        lines = layer_report_lines(report, t)
        # Feature names come from the file: shown as text.
        widgets.problem_list(literal(lines[0]), lines[1:], alert=st.success, limit=len(lines))


def draw_layers() -> None:
    t = translator()
    layers = data.imported_layers()
    if layers.empty:
        return
    names = data.country_names()
    st.markdown(f"**{t('layers.current')}**")
    layers["country"] = layers["country"].map(lambda c: names.get(c, c))
    layers["admin_level"] = layers["admin_level"].map(lambda v: t(f"layers.level_{v}"))
    st.dataframe(widgets.headed(layers, LAYER_COLUMNS), hide_index=True)
