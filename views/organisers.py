"""Organisers: access codes, summaries and downloads, IGM results import, registered places, the XLSForm."""

import pandas as pd
import streamlit as st

import ui
from indicators import boundaries, charts, results, submissions
from indicators import places as catalogue
from indicators.boundaries import list_fields
from indicators.consultation import AFTER_WITHOUT_BEFORE, consultation_tables
from indicators.exports import (
    FORMATS,
    ExportError,
    ExportRequest,
    check_request,
    export_consultation,
)
from indicators.layers import ADMIN_LEVELS, import_layer, layer_report_lines
from indicators.paper_form import paper_form_pdf
from indicators.results import read_results, template_csv, template_xlsx
from indicators.submissions import REQUIRE_CODE, import_submissions, refused_csv
from indicators.summary import SCOPES
from indicators.validation import DataFileError
from indicators.xlsform import xlsform_bytes

MAX_PROBLEMS_SHOWN = 50  # a broken large file can have thousands; the first ones show the pattern

t = ui.translator()


def show_rejection(title: str, error: DataFileError) -> None:
    """A refused file: what happened, then its problems (the first ones, when there are many)."""
    st.error(title)
    lines = error.describe(t)
    # A problem repeats the file's own values: shown as text, whatever they hold.
    st.markdown(ui.literal_list(lines[:MAX_PROBLEMS_SHOWN]))
    if len(lines) > MAX_PROBLEMS_SHOWN:
        st.caption(t("org.more_problems", count=len(lines) - MAX_PROBLEMS_SHOWN))


def headed(frame: pd.DataFrame, keys: dict[str, str]) -> pd.DataFrame:
    """The columns to show, headed in the page's language (catalogue keys), never raw names."""
    return frame[list(keys)].rename(columns={column: t(key) for column, key in keys.items()})


store = ui.store()

st.title(t("org.title"))
if not ui.organiser_gate():
    st.stop()

everyone = ui.all_places()
labels = dict(zip(everyone["place_id"], everyone["name"] + " (" + everyone["country"] + ")", strict=True))
names = ui.country_names()
counts = store.assessment_counts()
st.caption(t("org.responses", **counts))

codes_tab, summaries_tab, consult_tab, results_tab, layers_tab, register_tab, form_tab, answers_tab = st.tabs(
    [
        t("org.codes_title"),
        t("org.summaries_title"),
        t("consult.results_title"),
        t("org.results_title"),
        t("layers.title"),
        t("org.register_title"),
        t("org.questionnaire_title"),
        t("offline.tab"),
    ]
)

with codes_tab:
    st.caption(t("org.codes_intro"))
    with st.form("create_codes"):
        place_id = st.selectbox(
            t("org.place"),
            list(labels),
            format_func=labels.get,
            key="org_place",
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        count = st.number_input(t("org.count"), min_value=1, max_value=200, value=2, step=1, key="org_count")
        if st.form_submit_button(t("org.create"), type="primary"):
            codes = store.create_access_codes(place_id, int(count), created_by="organiser")
            st.session_state["org_new_codes"] = (place_id, codes)
    if "org_new_codes" in st.session_state:
        place_id, codes = st.session_state["org_new_codes"]
        st.success(t("org.created", count=len(codes), place=ui.literal(labels[place_id])))
        table = pd.DataFrame({"place_id": place_id, "place": labels[place_id], "code": codes})
        st.dataframe(
            headed(table, {"place": "org.place", "place_id": "export.col_place_id", "code": "columns.code"}),
            hide_index=True,
        )
        st.download_button(
            t("org.download_codes"),
            table.to_csv(index=False).encode("utf-8-sig"),
            file_name=f"codes-{place_id}.csv",
            mime="text/csv",
            on_click="ignore",
        )
    st.markdown(f"**{t('org.codes_so_far')}**")
    so_far = store.access_code_counts()
    so_far["place"] = so_far["place_id"].map(labels)
    st.dataframe(
        headed(
            so_far, {"place": "org.place", "codes": "columns.codes", "last_created": "columns.last_created"}
        ),
        hide_index=True,
    )

with register_tab:
    st.caption(t("org.register_intro"))
    # A form keeps what was typed when the entry is refused, so nothing has to be typed twice.
    with st.form("register_place", clear_on_submit=False):
        name = st.text_input(t("org.field_name"), key="org_name", max_chars=120)
        country = st.selectbox(
            t("org.field_country"),
            list(names),
            format_func=names.get,
            key=ui.tkey("org_country"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        level = st.selectbox(
            t("org.field_level"),
            list(catalogue.PLACE_LEVELS),
            index=1,
            format_func=lambda v: t(f"levels.{v}"),
            key=ui.tkey("org_level"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        admin1 = st.text_input(t("org.admin1"), key="org_admin1", max_chars=120)
        code = st.text_input(t("org.official_code"), key="org_code", max_chars=20)
        if st.form_submit_button(t("org.register"), type="primary"):
            new_id, problems = catalogue.new_place(
                name, country, level, set(names), set(everyone["place_id"])
            )
            if problems:
                st.error(t("org.not_registered"))
                st.markdown(
                    "\n".join(
                        f"- **{t(f'org.field_{p.column}')}:** "
                        + ui.literal(t(f"problems.{p.reason}", **p.params))
                        for p in problems
                    )
                )
            else:
                store.register_place(new_id, name.strip(), level, country, admin1.strip(), code.strip())
                st.success(t("org.registered", name=ui.literal(name.strip()), place_id=new_id))

with summaries_tab:
    st.caption(t("org.summaries_intro"))
    scope_col, place_col, format_col = st.columns(3)
    scope = scope_col.radio(
        t("org.scope"), SCOPES, key=ui.tkey("org_scope"), format_func=lambda v: t(f"org.scope_{v}")
    )
    place_id = country = None
    if scope == "local_government":
        place_id = place_col.selectbox(
            t("org.place"),
            list(labels),
            format_func=labels.get,
            index=None,
            placeholder=t("org.all_places"),
            key="org_export_place",
            filter_mode=None,
        )
    elif scope == "country":
        country = place_col.selectbox(
            t("org.field_country"),
            list(names),
            format_func=names.get,
            key=ui.tkey("org_export_country"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
    file_format = format_col.radio(
        t("org.format"), FORMATS, horizontal=True, key="org_format", format_func=str.upper
    )
    hxl = format_col.checkbox(t("org.hxl"), key="org_hxl", disabled=file_format == "pdf")

    summary = ui.priority_summary(scope, place_id, country)
    if summary.empty:
        st.info(t("org.no_summary"))
    else:
        examples, total = ui.example_share(place_id, country)
        if examples:
            st.warning(t("sa.summary_examples", count=examples))
        # Says whose answers these are: one local government, all of them, a country or the region.
        if place_id:
            basis = t("org.basis_place", count=total, place=labels[place_id])
        elif country:
            basis = t("org.basis_place", count=total, place=names.get(country, country))
        else:
            basis = t(f"org.basis_{scope}", count=total)
        st.caption(basis)
        preview = summary.copy()
        preview["group"] = preview["group"].map(
            lambda g: labels.get(g) or names.get(g) or t("export.region_name")
        )
        preview["theme"] = preview["theme"].map(lambda k: ui.questionnaire().themes[k][ui.language()])
        group_header = {"local_government": "export.col_place", "country": "export.col_country"}
        columns = {"group": group_header.get(scope, "export.col_region")}
        columns |= {
            key: f"export.col_{key}" for key in ("theme", "rank", "area", "index", "top3", "respondents")
        }
        st.dataframe(headed(preview, columns), hide_index=True, height=320)

    if st.button(t("org.prepare"), type="primary", key="org_prepare"):
        request = ExportRequest(scope, file_format, place_id=place_id, country=country, hxl=hxl)
        problems = check_request(request, everyone, set(names))
        for problem in problems:
            st.error(t(f"export_request.{problem.reason}", **problem.params))
        if problems:
            st.session_state.pop("org_export", None)
        try:
            if not problems:
                st.session_state["org_export"] = (
                    ui.export_file(request),
                    f"{t('org.file_priorities')}-{place_id or country or t('org.file_region')}.{file_format}",
                )
        except ExportError as error:
            st.session_state.pop("org_export", None)
            st.error(error.message(t))
    if "org_export" in st.session_state:
        data, file_name = st.session_state["org_export"]
        st.download_button(
            t("org.download_file", name=ui.literal(file_name)),
            data,
            file_name=file_name,
            icon=":material/download:",
            key="org_download",
            on_click="ignore",
        )

with consult_tab:
    allow = store.setting(AFTER_WITHOUT_BEFORE) == "true"
    if st.toggle(t("consult.allow_after"), value=allow, key="cs_allow") != allow:
        store.set_setting(AFTER_WITHOUT_BEFORE, "false" if allow else "true")
        st.rerun()
    consultation = ui.registries().consultation
    responses = store.consultation_responses()
    if responses.empty:
        st.info(t("consult.no_responses"))
    else:
        st.caption(t("consult.participants", count=responses["participant_id"].nunique()))
        tables = consultation_tables(responses, consultation, t)
        st.markdown(f"**{t('consult.sheet_change')}**")
        st.caption(t("consult.change_note"))
        st.dataframe(tables["change"], hide_index=True)
        st.plotly_chart(
            charts.consultation_chart(tables["distributions"], t),
            key="cs_chart",
            alt=charts.describe_consultation(tables["distributions"], t),
        )
        with st.expander(t("consult.chart_data")):
            st.write(charts.describe_consultation(tables["distributions"], t))
            st.dataframe(tables["distributions"], hide_index=True)
        st.markdown(f"**{t('consult.sheet_comments')}**")
        st.dataframe(tables["comments"], hide_index=True)
        # Clicking a download does not rerun the page (on_click="ignore"): a rerun gave every button
        # a new file id, so a second button clicked at once asked for a file already dropped.
        for column, file_format in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
            column.download_button(
                t("org.download_file", name=f"{t('org.file_consultation')}.{file_format}"),
                data=lambda file_format=file_format: export_consultation(
                    responses, consultation, t, file_format, font_dir=ui.settings().font_dir
                ),
                file_name=f"{t('org.file_consultation')}.{file_format}",
                icon=":material/download:",
                key=f"cs_export_{file_format}",
                on_click="ignore",
            )

with results_tab:
    st.caption(t("org.results_intro"))
    templates = (
        ("xlsx", template_xlsx(t, ui.framework()), "plantilla_resultados_igm.xlsx"),
        ("findings", template_csv("findings", t), "plantilla_hallazgos.csv"),
        ("answers", template_csv("answers", t), "plantilla_indicadores.csv"),
    )
    for column, (kind, data, file_name) in zip(st.columns(len(templates)), templates, strict=True):
        column.download_button(
            t(f"org.template_{kind}"),
            data,
            file_name=file_name,
            icon=":material/download:",
            key=f"org_template_{kind}",
            on_click="ignore",
        )
    upload = st.file_uploader(
        t("org.results_file"),
        type=["csv", "xlsx"],
        key="org_results_file",
        max_upload_size=results.UPLOAD_MB,
        help=t("app.upload_limit", mb=results.UPLOAD_MB),
    )
    if upload is not None and st.button(t("org.import"), type="primary", key="org_import"):
        try:
            checked = read_results(upload.getvalue(), upload.name, ui.framework(), set(everyone["place_id"]))
        except DataFileError as error:
            # The whole file is refused: nothing was written, every problem is listed.
            show_rejection(
                t("org.results_rejected", file=ui.literal(upload.name), count=len(error.problems)), error
            )
        else:
            outcome = store.import_results(checked.findings, checked.answers, upload.name)
            st.success(t("cli.results_imported", file=ui.literal(upload.name)))
            st.markdown(
                "\n".join(
                    f"- {ui.literal(labels.get(place_id, place_id))} · {t(f'imports.kind_{kind}')}: "
                    f"{t(f'imports.outcome_{result}')}"
                    for (place_id, kind), result in sorted(outcome.items())
                )
            )
            for note in checked.notes:
                st.caption(ui.literal(note.describe(t)))
    history = store.results_imports()
    if not history.empty:
        st.markdown(f"**{t('org.results_history')}**")
        history["place"] = history["place_id"].map(lambda p: labels.get(p, p))
        history["kind"] = history["kind"].map(lambda k: t(f"imports.kind_{k}"))
        columns = {
            "imported_at": "columns.imported_at",
            "place": "org.place",
            "kind": "columns.kind",
            "file_name": "columns.file_name",
            "rows": "columns.rows",
            "is_current": "columns.is_current",
            "is_example": "columns.is_example",
        }
        st.dataframe(headed(history, columns), hide_index=True)

with layers_tab:
    st.caption(t("layers.intro"))
    boundary_file = st.file_uploader(
        t("layers.file"),
        type=["geojson", "json", "topojson", "gpkg", "zip"],
        key="org_boundary_file",
        max_upload_size=boundaries.UPLOAD_MB,  # INEGI's national GeoJSON as published: 338 MB
        help=t("app.upload_limit", mb=boundaries.UPLOAD_MB),
    )
    if boundary_file is not None:
        try:
            fields = list_fields(boundary_file.getvalue(), boundary_file.name)
        except DataFileError as error:
            show_rejection(t("layers.rejected", file=ui.literal(boundary_file.name)), error)
        else:
            # A form keeps everything typed when the import is refused.
            with st.form("import_layer", clear_on_submit=False):
                country_col, level_col = st.columns(2)
                country = country_col.selectbox(
                    t("org.field_country"),
                    list(names),
                    format_func=names.get,
                    key=ui.tkey("layer_country"),
                    filter_mode=None,
                    placeholder=t("sa.choose"),
                )
                level = level_col.radio(
                    t("layers.level"),
                    ADMIN_LEVELS,
                    key=ui.tkey("layer_level"),
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
                if st.form_submit_button(t("layers.import"), type="primary"):
                    try:
                        report = import_layer(
                            store,
                            boundary_file.getvalue(),
                            boundary_file.name,
                            country,
                            level,
                            code_field,
                            name_field,
                            source,
                            licence,
                            url,
                            strict=strict,
                        )
                    except DataFileError as error:
                        show_rejection(t("layers.rejected", file=ui.literal(boundary_file.name)), error)
                    else:
                        st.cache_data.clear()  # the map must draw the new layer at once
                        lines = layer_report_lines(report, t)
                        st.success(ui.literal(lines[0]))
                        # Feature names come from the file: shown as text.
                        st.markdown(ui.literal_list(lines[1:]))
    layers = store.imported_layers()
    if not layers.empty:
        st.markdown(f"**{t('layers.current')}**")
        layers["country"] = layers["country"].map(lambda c: names.get(c, c))
        layers["admin_level"] = layers["admin_level"].map(lambda v: t(f"layers.level_{v}"))
        columns = {
            "title": "columns.layer_title",
            "country": "columns.country",
            "admin_level": "layers.level",
            "features": "columns.features",
            "licence": "layers.licence",
            "file_name": "columns.file_name",
            "imported_at": "columns.imported_at",
        }
        st.dataframe(headed(layers, columns), hide_index=True)

with form_tab:
    st.download_button(
        t("org.download_xlsform"),
        xlsform_bytes(ui.questionnaire(), everyone, ui.countries()),
        file_name="igm_local_autoevaluacion.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    st.caption(t("offline.paper_caption"))
    paper_place = st.selectbox(
        t("org.place"),
        list(labels),
        format_func=labels.get,
        key="org_paper_place",
        placeholder=t("sa.choose"),
        filter_mode=None,
    )
    booklet = everyone.set_index("place_id").loc[paper_place]
    st.download_button(
        t("paper.download"),
        # Built only when clicked: a booklet takes a moment and most visits do not need one.
        data=lambda: paper_form_pdf(ui.questionnaire(), t, booklet["name"], names[booklet["country"]]),
        file_name=f"formulario-{paper_place}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key="org_paper_download",
        on_click="ignore",
    )


def import_answers_tab() -> None:
    """Kobo / ODK Central exports in; the report stays on screen after the page refreshes its counts."""
    st.caption(t("offline.intro"))
    required = store.setting(REQUIRE_CODE) == "true"
    if st.toggle(t("offline.require_code"), value=required, key="off_require") != required:
        store.set_setting(REQUIRE_CODE, "false" if required else "true")
        st.rerun()
    upload = st.file_uploader(
        t("offline.file"),
        type=["csv", "xlsx"],
        key="off_file",
        max_upload_size=submissions.UPLOAD_MB,
        help=t("app.upload_limit", mb=submissions.UPLOAD_MB),
    )
    valid_only = st.checkbox(t("offline.valid_only"), key="off_valid_only")
    if upload is not None and st.button(t("offline.import"), type="primary", key="off_import"):
        try:
            st.session_state["off_report"] = import_submissions(
                store,
                upload.getvalue(),
                upload.name,
                ui.questionnaire(),
                lambda submission_id: t("offline.history_author", id=submission_id),
                valid_only,
            )
        except DataFileError as error:
            st.session_state.pop("off_report", None)
            rows = len({p.row for p in error.problems if p.row})
            name = ui.literal(upload.name)
            title = (
                t("offline.rejected", file=name, count=len(error.problems), rows=rows)
                if rows
                else t("offline.file_rejected", file=name)
            )
            show_rejection(title, error)
        else:
            st.cache_data.clear()  # summaries and the presenter count the new answers at once
            st.rerun()  # the response counts at the top of the page too
    report = st.session_state.get("off_report")
    if report is None:
        return
    st.success(
        t(
            "offline.imported",
            file=ui.literal(report.file_name),
            tool=t(f"offline.tool_{report.tool}"),
            new=report.new,
            updated=report.updated,
            duplicates=report.duplicates,
            stale=report.stale,
        )
    )
    # Problems and notes repeat the file's own values: shown as text, whatever they hold.
    for note in report.notes:
        st.caption(ui.literal(note.describe(t)))
    if report.skipped:
        st.markdown(t("offline.skipped"))
        st.markdown(ui.literal_list([p.describe(t) for p in report.skipped]))
    if report.refused:
        st.warning(t("offline.refused_rows", rows=len(report.refused_rows)))
        st.markdown(ui.literal_list([p.describe(t) for p in report.refused[:MAX_PROBLEMS_SHOWN]]))
        st.download_button(
            t("offline.download_refused"),
            refused_csv(report.refused, t),
            file_name="filas-rechazadas.csv",
            mime="text/csv",
            icon=":material/download:",
            key="off_refused_download",
            on_click="ignore",
        )


with answers_tab:
    import_answers_tab()
