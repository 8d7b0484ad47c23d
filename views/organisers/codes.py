"""Access codes: create them for a local government, download them, see how many each place has."""

import pandas as pd
import streamlit as st

from ui import actions, data, widgets
from ui.lang import literal, translator


def draw() -> None:
    t = translator()
    labels = data.place_labels(igm_only=False)
    st.caption(t("org.codes_intro"))
    with st.form("create_codes"):
        place_id = widgets.place_picker(
            t("org.place"), labels, key="org_place", placeholder=t("sa.choose"), index=0
        )
        count = st.number_input(t("org.count"), min_value=1, max_value=200, value=2, step=1, key="org_count")
        if st.form_submit_button(t("org.create"), type="primary"):
            st.session_state["org_new_codes"] = (place_id, actions.create_access_codes(place_id, int(count)))
    if "org_new_codes" in st.session_state:
        place_id, codes = st.session_state["org_new_codes"]
        st.success(t("org.created", count=len(codes), place=literal(labels[place_id])))
        table = pd.DataFrame({"place_id": place_id, "place": labels[place_id], "code": codes})
        st.dataframe(
            widgets.headed(
                table, {"place": "org.place", "place_id": "export.col_place_id", "code": "columns.code"}
            ),
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
    so_far = data.access_code_counts()
    if so_far.empty:  # an empty table would say Streamlit's English "empty"
        st.caption(t("org.no_codes"))
        return
    so_far["place"] = so_far["place_id"].map(labels)
    columns = {"place": "org.place", "codes": "columns.codes", "last_created": "columns.last_created"}
    st.dataframe(widgets.headed(so_far, columns), hide_index=True)
