"""The questionnaire for offline collection: the XLSForm (KoboToolbox, ODK) and a paper booklet per place."""

import streamlit as st

from indicators.paper_form import paper_form_pdf
from indicators.xlsform import xlsform_bytes
from ui import actions, data, gate, widgets
from ui.lang import translator

ACTION = "questionnaire.download"


def draw() -> None:
    t = translator()
    reach = gate.reach(ACTION)
    q, everyone = data.questionnaire(), reach.places(data.all_places())
    countries = data.countries()
    countries = countries[countries["iso3"].map(reach.allows)]
    st.download_button(
        t("org.download_xlsform"),
        # Built only when clicked, as below: every click on this page would otherwise rebuild it.
        data=actions.recorded_download("xlsform", ACTION, lambda: xlsform_bytes(q, everyone, countries)),
        file_name="igm_local_autoevaluacion.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    st.caption(t("offline.paper_caption"))
    labels = data.place_labels(igm_only=False)
    paper_place = widgets.place_picker(
        t("org.place"),
        {p: labels[p] for p in everyone["place_id"]},
        key="org_paper_place",
        placeholder=t("sa.choose"),
        index=0,
    )
    booklet = everyone.set_index("place_id").loc[paper_place]
    country = data.country_names()[booklet["country"]]
    font_dir = data.settings().font_dir
    st.download_button(
        t("paper.download"),
        # A booklet takes a moment and most visits do not need one.
        data=actions.recorded_download(
            f"paper-form {paper_place}",
            ACTION,
            lambda: paper_form_pdf(q, t, booklet["name"], country, font_dir),
        ),
        file_name=f"formulario-{paper_place}.pdf",
        mime="application/pdf",
        icon=":material/print:",
        key="org_paper_download",
        on_click="ignore",
    )
