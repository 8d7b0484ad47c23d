"""Access codes: create them for a local government (until an expiry day), download them, see how many
each place has; list them by short id with their life, and revoke chosen ones, a leaked one typed in, or
every code of a place. Only the places the account reaches are offered."""

import pandas as pd
import streamlit as st

from indicators import access, accounts
from indicators.audit import shown_day
from indicators.exports.csv import access_codes_csv
from ui import actions, data, gate, widgets
from ui.lang import in_shown_zone, literal, translator

ACTION = "codes.manage"
# The state first after the place: on a phone the table scrolls sideways from there.
LIST_COLUMNS = {
    "code_id": "codes.col_code_id",
    "place": "org.place",
    "state": "codes.col_state",
    "expires_on": "codes.col_expires_on",
    "last_used_at": "codes.col_last_used_at",
    "created_at": "codes.col_created_at",
    "created_by": "codes.col_created_by",
}


def draw() -> None:
    t = translator()
    everyone = data.place_labels(igm_only=False)
    labels = {p: everyone[p] for p in gate.reach(ACTION).places(data.all_places())["place_id"]}
    st.caption(t("org.codes_intro"))
    draw_create(labels)
    st.markdown(f"**{t('org.codes_so_far')}**")
    so_far = data.access_code_counts()
    so_far = so_far[so_far["place_id"].isin(labels)]
    if so_far.empty:  # an empty table would say Streamlit's English "empty"
        st.caption(t("org.no_codes"))
        return
    so_far = so_far.assign(place=so_far["place_id"].map(labels))
    columns = {"place": "org.place", "codes": "columns.codes", "last_created": "columns.last_created"}
    st.dataframe(widgets.headed(so_far, columns), hide_index=True)
    draw_list(labels)


def draw_create(labels: dict[str, str]) -> None:
    t = translator()
    today = data.today()
    with st.form("create_codes"):
        place_id = widgets.place_picker(
            t("org.place"), labels, key="org_place", placeholder=t("sa.choose"), index=0 if labels else None
        )
        count_col, expires_col = st.columns(2)
        count = count_col.number_input(
            t("org.count"), min_value=1, max_value=200, value=2, step=1, key="org_count"
        )
        default = access.default_expiry(today, data.settings().code_days)
        typed = expires_col.text_input(
            t("codes.expires_label"),
            value=default.isoformat() if default else "",
            key="org_expires",
            max_chars=10,
            placeholder=t("codes.day_placeholder"),
            help=t("codes.expires_help"),
        )
        if st.form_submit_button(t("org.create"), type="primary") and place_id:
            expires = access.typed_day(typed) if typed.strip() else None
            if typed.strip() and expires is None:
                st.error(t("codes.bad_day", value=typed.strip()))
            elif expires and access.expiry_problem(expires, today):
                st.error(t("codes.expires_past", date=t.long_date(expires), today=t.long_date(today)))
            else:
                created = actions.create_access_codes(place_id, int(count), expires or None)
                st.session_state["org_new_codes"] = (place_id, created, expires)
    if "org_new_codes" in st.session_state:
        place_id, codes, expires = st.session_state["org_new_codes"]
        st.success(t("org.created", count=len(codes), place=literal(labels.get(place_id, place_id))))
        table = pd.DataFrame({"place_id": place_id, "place": labels.get(place_id, place_id), "code": codes})
        st.dataframe(
            widgets.headed(
                table, {"place": "org.place", "place_id": "export.col_place_id", "code": "columns.code"}
            ),
            hide_index=True,
        )
        st.caption(t("codes.valid_through", date=t.long_date(expires)) if expires else t("codes.no_expiry"))
        st.download_button(
            t("org.download_codes"),
            access_codes_csv(place_id, labels.get(place_id, place_id), codes, t),
            file_name=f"codes-{place_id}.csv",
            mime="text/csv",
            on_click="ignore",
        )


def draw_list(labels: dict[str, str]) -> None:
    """Every code of the places within reach (or of one), never the code itself; and revoking."""
    t = translator()
    st.markdown(f"**{t('codes.list_title')}**")
    chosen = widgets.place_picker(
        t("org.place"), labels, key="org_codes_place", placeholder=t("org.all_places")
    )
    listed = data.access_codes([chosen] if chosen else list(labels))
    if listed.empty:
        st.caption(t("org.no_codes"))
    else:
        # Times in the seminar's zone (widgets.headed); the expiry is a day, shown as it is.
        shown = listed.assign(
            place=listed["place_id"].map(labels),
            expires_on=listed["expires_on"].map(shown_day),
            last_used_at=listed["last_used_at"].map(used),
            state=listed["state"].map(lambda s: t(f"codes.state_{s}")),
        )
        st.dataframe(widgets.headed(shown, LIST_COLUMNS), hide_index=True)
    draw_revoke(listed, labels, chosen)


def used(value) -> str:
    """When a code last opened the form, in the seminar's zone; "—" if never (a table says "None")."""
    return in_shown_zone(value).strftime("%Y-%m-%d %H:%M") if pd.notna(value) else "—"


def draw_revoke(listed: pd.DataFrame, labels: dict[str, str], chosen: str | None) -> None:
    t = translator()
    outcome, value = st.session_state.pop("org_revoked", (None, None))
    if outcome == "done" and len(value):
        st.success(t("codes.revoked_page", count=len(value), ids=", ".join(value["code_id"])))
    elif outcome == "done":
        st.info(t("codes.nothing_to_revoke"))
    elif outcome == "refused":
        st.error(t(value))
    live = listed[listed["state"] == "live"]
    place_of = dict(zip(live["code_id"], live["place_id"], strict=True))
    with st.form("revoke_codes"):
        st.markdown(f"**{t('codes.revoke_title')}**")
        st.multiselect(
            t("codes.revoke_pick"),
            list(place_of),
            format_func=lambda i: f"{i} · {labels.get(place_of[i], place_of[i])}",
            key="org_revoke_ids",
            placeholder=t("sa.choose"),
            filter_mode=None,
        )
        st.text_input(t("codes.revoke_typed"), key="org_revoke_code", max_chars=12, placeholder="ABCD-EFGH")
        if chosen:
            st.checkbox(t("codes.revoke_all", place=literal(labels[chosen])), key="org_revoke_all")
        st.form_submit_button(
            t("codes.revoke_button"),
            key="org_revoke",
            on_click=actions.guarded(revoke),
            args=(labels, chosen),
        )


def revoke(labels: dict[str, str], chosen: str | None) -> None:
    """The revoke button (a callback, so that a done revocation can empty the form; a refused one keeps
    what was typed)."""
    ids = st.session_state.get("org_revoke_ids") or []
    typed = (st.session_state.get("org_revoke_code") or "").strip()
    whole = bool(chosen) and bool(st.session_state.get("org_revoke_all"))
    code = access.normalise(typed) if typed else None
    if sum([bool(ids), bool(typed), whole]) != 1:
        st.session_state["org_revoked"] = ("refused", "codes.revoke_one_way_page")
    elif typed and (code is None or (data.access_code_state(code) or (None,))[0] not in labels):
        st.session_state["org_revoked"] = ("refused", "codes.unknown_code_page")
    else:
        try:
            revoked = actions.revoke_access_codes(
                code=code, code_ids=ids or None, place_id=chosen if whole else None
            )
        except accounts.NotAllowed:
            st.session_state["org_revoked"] = ("refused", "accounts.not_allowed")
            return
        st.session_state["org_revoked"] = ("done", revoked)
        st.session_state.update(org_revoke_ids=[], org_revoke_code="", org_revoke_all=False)
