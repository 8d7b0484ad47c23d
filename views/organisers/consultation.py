"""The seminar consultation's results: the before/after change, its chart, the comments, and the files."""

import streamlit as st

from indicators import charts
from indicators.consultation import AFTER_WITHOUT_BEFORE
from indicators.exports import FORMATS, export_consultation
from ui import actions, data, gate
from ui.lang import translator

ACTION = "consultation.read"


def draw() -> None:
    t = translator()
    allow = data.setting(AFTER_WITHOUT_BEFORE) == "true"
    admin = gate.may("settings.change")  # a switch every session shares
    if st.toggle(t("consult.allow_after"), value=allow, key="cs_allow", disabled=not admin) != allow:
        actions.set_switch(AFTER_WITHOUT_BEFORE, not allow)
        st.rerun()
    consultation = data.consultation()
    responses = data.consultation_responses()
    if responses.empty:
        st.info(t("consult.no_responses"))
        return
    st.caption(t("consult.participants", count=responses["participant_id"].nunique()))
    tables = data.consultation_results(t.language)
    st.markdown(f"**{t('consult.sheet_change')}**")
    st.caption(t("consult.change_note"))
    # The main column, the mean change, right after the question, in a static table whose cells
    # wrap: in a data grid sized to the long questions it was cut at the box's edge.
    change = tables["change"]
    main = t("consult.col_mean_change")
    change = change[[change.columns[0], main, *(c for c in change.columns[1:] if c != main)]]
    st.table(change.set_index(change.columns[0]).style.format(precision=2))
    described = charts.describe_consultation(tables["distributions"], t)
    st.plotly_chart(charts.consultation_chart(tables["distributions"], t), key="cs_chart", alt=described)
    with st.expander(t("consult.chart_data")):
        st.write(described)
        st.dataframe(tables["distributions"], hide_index=True)
    st.markdown(f"**{t('consult.sheet_comments')}**")
    st.dataframe(tables["comments"], hide_index=True)
    font_dir = data.settings().font_dir
    # Clicking a download does not rerun the page (on_click="ignore"): a rerun gave every button
    # a new file id, so a second button clicked at once asked for a file already dropped.
    for column, file_format in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            t("org.download_file", name=f"{t('org.file_consultation')}.{file_format}"),
            data=actions.recorded_download(
                f"consultation {file_format}",
                ACTION,
                lambda file_format=file_format: export_consultation(
                    responses, consultation, t, file_format, font_dir=font_dir
                ),
            ),
            file_name=f"{t('org.file_consultation')}.{file_format}",
            icon=":material/download:",
            key=f"cs_export_{file_format}",
            on_click="ignore",
        )
