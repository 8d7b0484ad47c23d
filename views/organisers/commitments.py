"""Commitments: the overdue ones per country (to send reminders), downloadable as CSV or XLSX, and an
organiser's update of one commitment's status, note or evidence (kept in its history, and in the audit
trail under the organiser's account). A focal point sees and updates its own country's only."""

import streamlit as st

from indicators import accounts
from indicators.commitments import CommitmentRefused
from indicators.exports.followup import OVERDUE_COLUMNS, commitments_table, examples_banner
from ui import actions, data, followup, gate, widgets
from ui.lang import literal, translator

ACTION = "commitments.read"
# The overdue list on screen: who, where, what, since when (the downloads hold every column).
SHOWN = ("commitment_id", *OVERDUE_COLUMNS)


def draw() -> None:
    t = translator()
    st.caption(t("org_cm.intro"))
    reach = gate.reach(ACTION)
    names = reach.country_names(data.country_names())
    country = st.selectbox(
        t("org.field_country"),
        list(names),
        index=None,
        format_func=names.get,
        placeholder=t("org_cm.all_countries"),
        key="org_cm_country",
        filter_mode=None,
    )
    late = reach.places(followup.overdue(country))
    st.header(t("commitments.overdue_title", count=len(late)), anchor=False)  # h2 under the page title
    if len(late) and late["is_example"].any():
        st.warning(examples_banner(t, late))
    if len(late):
        per_country = late.groupby("country").agg(
            commitments=("commitment_id", "count"), places=("place_id", "nunique")
        )
        st.markdown(
            "\n".join(
                f"- **{literal(names.get(c, c))}**: "
                + t("org_cm.per_country", count=int(r.commitments), places=int(r.places))
                for c, r in per_country.iterrows()
            )
        )
    table = commitments_table(
        late, data.questionnaire(), t, followup.names(), followup.rounds(), data.today(), SHOWN
    )
    st.dataframe(table, hide_index=True, key="org_cm_overdue")
    csv, xlsx = st.columns(2)
    scope = country or t("org.file_region")
    for column, file_format, mime in (
        (csv, "csv", "text/csv"),
        (xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        column.download_button(
            t("org_cm.download", format=file_format.upper()),
            data=actions.recorded_download(
                f"commitments overdue {file_format} {country or 'region'}",
                ACTION,
                lambda f=file_format: followup.commitments_file(reach.places(followup.overdue(country)), f),
            ),
            file_name=f"{t('org_cm.file')}-{scope}.{file_format}",
            mime=mime,
            icon=":material/download:",
            key=f"org_cm_download_{file_format}",
            on_click="ignore",
        )
    if accounts.can(gate.account(), "commitments.update"):
        draw_update(country)


def draw_update(country: str | None) -> None:
    """Change one commitment (of the country chosen above, or any), as its local government would."""
    t = translator()
    st.header(t("org_cm.update_title"), anchor=False)
    found = gate.reach("commitments.update").places(followup.commitments(country=country))
    found = found[~found["withdrawn"].astype(bool)]
    if found.empty:
        st.caption(t("commitments.none"))
        return
    labels = {
        row["commitment_id"]: f"{row['commitment_id']} · {row['place_id']} · {row['action'][:60]}"
        for row in found.to_dict("records")
    }
    chosen = st.selectbox(
        t("org_cm.pick"),
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=t("sa.choose"),
        key="org_cm_pick",
    )
    if chosen is None:
        return
    row = found.set_index("commitment_id").loc[chosen]
    with st.form("org_cm_form"):
        status, note, evidence = widgets.commitment_fields(row, "org_cm", chosen)
        if st.form_submit_button(t("commitments.save"), type="primary"):
            try:
                fields = actions.update_commitment(
                    {"commitment_id": chosen, "country": row["country"]}, status, note, evidence
                )
            except CommitmentRefused as refused:
                st.error(widgets.commitment_refusal(refused))
            else:
                st.session_state["org_cm_saved"] = (
                    t("commitments.saved") if fields else t("commitments.unchanged_here")
                )
                st.rerun()
    if "org_cm_saved" in st.session_state:
        st.success(st.session_state.pop("org_cm_saved"))
