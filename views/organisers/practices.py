"""Good practices: a file of them checked whole, and the review of what came in (approve or reject).

Behind the organisers' gate: an admin reviews every practice, a focal point those of its country's
local governments (`practices.review`); the decision is recorded in the practice itself (who, when) and
in the audit trail.
"""

import pandas as pd
import streamlit as st

from indicators.practices import STATES, UPLOAD_MB, template_csv
from ui import actions, data, gate, widgets
from ui.lang import literal, translator
from views.peers.examples import area_name, practice_text

ACTION = "practices.review"


def review(practice_id: str, decision: str) -> None:
    actions.review_practice(practice_id, decision)
    st.session_state["org_practice_done"] = (practice_id, decision)


def draw_import() -> None:
    t = translator()
    q = data.questionnaire()
    st.caption(t("practices.org_intro"))
    st.download_button(
        t("practices.template"),
        data=template_csv,
        file_name="buenas_practicas.csv",
        icon=":material/download:",
        key="org_practices_template",
        on_click="ignore",
    )
    with st.expander(t("practices.area_keys")):
        st.dataframe(
            pd.DataFrame(
                {
                    t("practices.col_area_key"): [a.key for a in q.areas],
                    t("practices.col_area"): [area_name(a.key) for a in q.areas],
                }
            ),
            hide_index=True,
        )
    imported = widgets.file_import(
        t("practices.file"),
        ["csv", "xlsx"],
        "org_practices_file",
        (t("org.import"), "org_practices_import"),
        lambda content, name: (name, *actions.import_practices(content, name)),
        lambda error, name: t("practices.rejected", file=name, count=len(error.problems)),
        max_mb=UPLOAD_MB,
    )
    if imported:
        name, added, already = imported
        st.success(t("practices.imported", file=literal(name), added=len(added), already=already))


def draw() -> None:
    t = translator()
    draw_import()
    st.divider()
    state = st.segmented_control(
        t("practices.state_filter"),
        STATES,
        default="pending",
        key="org_practices_state",
        format_func=lambda s: t(f"practices.state_{s}"),
    )
    done = st.session_state.pop("org_practice_done", None)
    if done:
        st.success(t(f"practices.done_{done[1]}_short", id=done[0]))
    rows = gate.reach(ACTION).places(data.practices(state))
    if rows.empty:
        st.caption(t("practices.none"))
    for row in rows.to_dict("records"):
        with st.container(border=True, key=f"org_practice_{row['practice_id']}"):
            st.markdown(f"*{area_name(row['area_key'])}*  \n" + practice_text(row, with_place=True))
            st.caption(
                t(
                    "practices.submitted",
                    id=row["practice_id"],
                    by=literal(row["submitted_by"]),
                    state=t(f"practices.state_{row['state']}"),
                )
            )
            approve, reject = st.columns(2)
            for column, decision, label in ((approve, "approved", "approve"), (reject, "rejected", "reject")):
                column.button(
                    t(f"practices.{label}"),
                    key=f"org_practice_{label}_{row['practice_id']}",
                    disabled=row["state"] == decision,
                    on_click=actions.guarded(review),
                    args=(row["practice_id"], decision),
                    width="stretch",
                )
