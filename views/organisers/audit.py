"""The audit trail, for admins: who did what, when, to what and from where; narrowed by account and
action, newest first on screen, and the same rows as a CSV file."""

import streamlit as st

from indicators import access
from indicators.audit import ACTIONS
from ui import actions, data, widgets
from ui.lang import translator

ACTION = "audit.read"
SHOWN_ROWS = 500  # the newest; the file holds them all
COLUMNS = {
    "logged_at": "audit.col_time",
    "account": "audit.col_account",
    "action": "audit.col_action",
    "target": "audit.col_target",
    "address": "audit.col_address",
}


def draw() -> None:
    t = translator()
    st.caption(t("audit.intro"))
    account_col, action_col, since_col = st.columns([2, 2, 1])
    chosen_accounts = account_col.multiselect(
        t("audit.col_account"),
        data.store().audit_accounts(),
        key="audit_accounts",
        placeholder=t("audit.all"),
        filter_mode=None,
    )
    chosen_actions = action_col.multiselect(
        t("audit.col_action"),
        ACTIONS,
        format_func=lambda a: t(f"audit.action_{a}"),
        key="audit_actions",
        placeholder=t("audit.all"),
        filter_mode=None,
    )
    typed = since_col.text_input(
        t("audit.since"), key="audit_since", max_chars=10, placeholder=t("codes.day_placeholder")
    )
    since = access.typed_day(typed) if typed.strip() else None
    if typed.strip() and since is None:
        st.error(t("codes.bad_day", value=typed.strip()))
    filters = (since, chosen_accounts or None, chosen_actions or None)
    rows = data.store().audit_rows(*filters, limit=SHOWN_ROWS)
    if rows.empty:
        st.caption(t("audit.none"))
        return
    # Newest first; times in the seminar's zone (widgets.headed), as every organisers' table.
    shown = rows.iloc[::-1].assign(action=rows["action"].map(lambda a: t(f"audit.action_{a}")))
    # Names, targets and addresses are shown as text in the table, whatever they hold.
    st.dataframe(widgets.headed(shown, COLUMNS), hide_index=True)
    if len(rows) == SHOWN_ROWS:
        st.caption(t("audit.newest", count=SHOWN_ROWS))
    today = data.today()
    st.download_button(
        t("audit.download"),
        data=actions.recorded_download(
            "", ACTION, data.audit_file_later(*filters, t("audit.title")), recorded_as="audit_export"
        ),
        file_name=f"auditoria-{today.isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="audit_download",
        on_click="ignore",
    )
