"""IGM results in: templates to fill, a findings or indicators file checked whole, the import history."""

import streamlit as st

from indicators.results import UPLOAD_MB, template_csv, template_xlsx
from ui import actions, data, gate, widgets
from ui.lang import literal, translator

ACTION = "results.import"
HISTORY_COLUMNS = {
    "imported_at": "columns.imported_at",
    "place": "org.place",
    "kind": "columns.kind",
    "file_name": "columns.file_name",
    "rows": "columns.rows",
    "is_current": "columns.is_current",
    "is_example": "columns.is_example",
}


def draw() -> None:
    t = translator()
    reach = gate.reach(ACTION)
    labels = data.place_labels(igm_only=False)
    st.caption(t("org.results_intro"))
    # Built only when clicked: the workbook is most of the cost of any click on this page.
    framework = data.framework()
    templates = (
        ("xlsx", lambda: template_xlsx(t, framework), "plantilla_resultados_igm.xlsx"),
        ("findings", lambda: template_csv("findings", t), "plantilla_hallazgos.csv"),
        ("answers", lambda: template_csv("answers", t), "plantilla_indicadores.csv"),
    )
    for column, (kind, build, file_name) in zip(st.columns(len(templates)), templates, strict=True):
        column.download_button(
            t(f"org.template_{kind}"),
            data=build,
            file_name=file_name,
            icon=":material/download:",
            key=f"org_template_{kind}",
            on_click="ignore",
        )
    imported = widgets.file_import(
        t("org.results_file"),
        ["csv", "xlsx"],
        "org_results_file",
        (t("org.import"), "org_import"),
        lambda content, name: (name, *actions.import_results(content, name)),
        lambda error, name: t("org.results_rejected", file=name, count=len(error.problems)),
        max_mb=UPLOAD_MB,
    )
    if imported:
        file_name, checked, outcome = imported
        st.success(t("cli.results_imported", file=literal(file_name)))
        st.markdown(
            "\n".join(
                f"- {literal(labels.get(place_id, place_id))} · {t(f'imports.kind_{kind}')}: "
                f"{t(f'imports.outcome_{result}')}"
                for (place_id, kind), result in sorted(outcome.items())
            )
        )
        for note in checked.notes:
            st.caption(literal(note.describe(t)))
    history = data.results_imports()
    history = history[history["place_id"].isin(reach.places(data.all_places())["place_id"])]
    if not history.empty:
        st.markdown(f"**{t('org.results_history')}**")
        history["place"] = history["place_id"].map(lambda p: labels.get(p, p))
        history["kind"] = history["kind"].map(lambda k: t(f"imports.kind_{k}"))
        st.dataframe(widgets.headed(history, HISTORY_COLUMNS), hide_index=True)
