"""Answers collected offline: KoboToolbox / ODK Central exports in, with a report that stays on screen."""

import streamlit as st

from indicators.submissions import REQUIRE_CODE, UPLOAD_MB, refused_csv
from ui import actions, data, gate, widgets
from ui.lang import literal, translator

ACTION = "answers.import"


def draw() -> None:
    t = translator()
    st.caption(t("offline.intro"))
    required = data.setting(REQUIRE_CODE) == "true"
    admin = gate.may("settings.change")  # a switch every session shares
    if (
        st.toggle(t("offline.require_code"), value=required, key="off_require", disabled=not admin)
        != required
    ):
        actions.set_switch(REQUIRE_CODE, not required)
        st.rerun()
    valid_only = st.checkbox(t("offline.valid_only"), key="off_valid_only")

    def author(submission_id: str) -> str:
        return t("offline.history_author", id=submission_id)

    def run(content: bytes, name: str) -> None:
        st.session_state.pop("off_report", None)
        st.session_state["off_report"] = actions.import_answers(content, name, author, valid_only)
        st.rerun()  # the response counts at the top of the page count the new answers too

    def refused(error, name: str) -> str:
        rows = len({p.row for p in error.problems if p.row})
        if rows:
            return t("offline.rejected", file=name, count=len(error.problems), rows=rows)
        return t("offline.file_rejected", file=name)

    widgets.file_import(
        t("offline.file"),
        ["csv", "xlsx"],
        "off_file",
        (t("offline.import"), "off_import"),
        run,
        refused,
        max_mb=UPLOAD_MB,
    )
    report = st.session_state.get("off_report")
    if report is not None:
        draw_report(report)


def draw_report(report) -> None:
    t = translator()
    st.success(
        t(
            "offline.imported",
            file=literal(report.file_name),
            tool=t(f"offline.tool_{report.tool}"),
            new=report.new,
            updated=report.updated,
            duplicates=report.duplicates,
            stale=report.stale,
        )
    )
    # Problems and notes repeat the file's own values: shown as text, whatever they hold.
    for note in report.notes:
        st.caption(literal(note.describe(t)))
    if report.skipped:
        lines = [p.describe(t) for p in report.skipped]
        widgets.problem_list(t("offline.skipped"), lines, alert=st.markdown, limit=len(lines))
    if report.refused:
        widgets.problem_list(
            t("offline.refused_rows", rows=len(report.refused_rows)),
            [p.describe(t) for p in report.refused],
            alert=st.warning,
        )
        st.download_button(
            t("offline.download_refused"),
            refused_csv(report.refused, t),
            file_name="filas-rechazadas.csv",
            mime="text/csv",
            icon=":material/download:",
            key="off_refused_download",
            on_click="ignore",
        )
