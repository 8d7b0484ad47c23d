"""The questionnaire for offline collection: the XLSForm (KoboToolbox, ODK) and a paper booklet per place."""

import streamlit as st

from indicators.paper_form import paper_form_pdf
from indicators.xlsform import xlsform_bytes
from ui import data, widgets
from ui.lang import translator


def draw() -> None:
    t = translator()
    q, everyone = data.questionnaire(), data.all_places()
    st.download_button(
        t("org.download_xlsform"),
        # Built only when clicked, as below: every click on this page would otherwise rebuild it.
        data=lambda: xlsform_bytes(q, everyone, data.countries()),
        file_name="igm_local_autoevaluacion.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    st.caption(t("offline.paper_caption"))
    paper_place = widgets.place_picker(
        t("org.place"),
        data.place_labels(igm_only=False),
        key="org_paper_place",
        placeholder=t("sa.choose"),
        index=0,
    )
    booklet = everyone.set_index("place_id").loc[paper_place]
    country = data.country_names()[booklet["country"]]
    st.download_button(
        t("paper.download"),
        # A booklet takes a moment and most visits do not need one.
        data=lambda: paper_form_pdf(q, t, booklet["name"], country),
        file_name=f"formulario-{paper_place}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key="org_paper_download",
        on_click="ignore",
    )
