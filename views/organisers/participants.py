"""The roster: everyone invited, with personal data (names, e-mail addresses) shown here only, behind
the organisers' gate; add, edit, import, export, personal check-in codes, and removal on request."""

import pandas as pd
import streamlit as st

from indicators.participants import KINDS, MODES, ROSTER_COLUMNS, UPLOAD_MB, activities, roster_csv
from ui import actions, data, widgets
from ui.lang import literal, translator

ACTION = "participants.manage"
NEW = "__new__"


def draw() -> None:
    t = translator()
    roster = data.store().participants()
    st.caption(t("roster.intro"))
    _table(roster)
    _import()
    _form(roster)
    _codes(roster)
    _delete(roster)


def _table(roster: pd.DataFrame) -> None:
    t = translator()
    if roster.empty:
        st.info(t("roster.empty"))
        return
    kinds = roster["kind"].value_counts()
    counts = " · ".join(f"{t(f'participants.kind_plural_{k}')}: {kinds[k]}" for k in KINDS if k in kinds)
    st.markdown(t("roster.counts", count=len(roster), kinds=counts))
    labels = data.place_labels(igm_only=False)
    shown = roster.assign(
        place=roster["place_id"].map(labels).fillna(""),
        kind=roster["kind"].map(lambda k: t(f"participants.kind_{k}")),
        mode=roster["mode"].map(lambda m: t(f"participants.mode_{m}")),
        country=roster["country"].fillna(""),
    )
    columns = {
        "name": "roster.col_name",
        "email": "roster.col_email",
        "role": "roster.col_role",
        "organisation": "roster.col_organisation",
        "place": "org.place",
        "country": "export.col_country",
        "kind": "roster.col_kind",
        "mode": "roster.col_mode",
        "has_code": "roster.col_has_code",
    }
    st.dataframe(widgets.headed(shown, columns), hide_index=True)
    keys = [a.key for a in activities(data.seminar())]
    st.download_button(
        t("roster.export"),
        data=actions.recorded_download(
            "roster", ACTION, lambda: roster_csv(data.store().participants(), data.store().attendance(), keys)
        ),
        file_name=f"{t('roster.file')}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="pt_export",
        on_click="ignore",
    )


def _import() -> None:
    t = translator()
    with st.expander(t("roster.import_title")):
        st.caption(t("roster.import_help", columns=", ".join(f"`{c}`" for c in ROSTER_COLUMNS)))
        result = widgets.file_import(
            t("roster.file_label"),
            ["csv", "xlsx"],
            "pt_file",
            (t("roster.import"), "pt_import"),
            actions.import_roster,
            lambda error, name: t("roster.refused", file=name, count=len(error.problems)),
            UPLOAD_MB,
        )
        if result is not None:
            new, updated, notes = result
            widgets.problem_list(
                t("roster.imported_page", new=new, updated=updated),
                [n.describe(t) for n in notes],
                alert=st.success,
            )


def _form(roster: pd.DataFrame) -> None:
    """Add a person, or edit one: the values typed stay in the form when it is refused."""
    t = translator()
    people = dict(zip(roster["participant_id"], roster["name"] + " · " + roster["email"], strict=True))
    with st.expander(t("roster.edit_title")):
        chosen = st.selectbox(
            t("roster.who"),
            [NEW, *people],
            format_func=lambda k: t("roster.new") if k == NEW else people[k],
            key="pt_pick",
            placeholder=t("sa.choose"),  # never Streamlit's English default
        )
        current = roster[roster["participant_id"] == chosen].iloc[0].to_dict() if chosen != NEW else {}
        labels = data.place_labels(igm_only=False)
        countries = data.country_names()
        problems_of, problems = st.session_state.get("pt_problems", (None, []))
        problems = problems if problems_of == chosen else []
        # A saved form starts afresh: its widgets get new keys (a refused one keeps what was typed).
        form = f"{chosen}_{st.session_state.get('pt_saves', 0)}"
        with st.form(f"pt_form_{form}"):
            values = {}
            for column in ("name", "email", "role", "organisation"):
                values[column] = st.text_input(
                    t(f"roster.col_{column}"), value=current.get(column) or "", key=f"pt_{column}_{form}"
                )
                widgets.field_problems(problems, column)
            kind = current.get("kind") or KINDS[0]
            values["kind"] = st.selectbox(
                t("roster.col_kind"),
                KINDS,
                index=KINDS.index(kind),
                format_func=lambda k: t(f"participants.kind_{k}"),
                key=f"pt_kind_{form}",
                placeholder=t("sa.choose"),  # never Streamlit's English default
            )
            mode = current.get("mode") or MODES[0]
            values["mode"] = st.selectbox(
                t("roster.col_mode"),
                MODES,
                index=MODES.index(mode),
                format_func=lambda m: t(f"participants.mode_{m}"),
                key=f"pt_mode_{form}",
                placeholder=t("sa.choose"),  # never Streamlit's English default
            )
            places = ["", *labels]
            place = current.get("place_id") or ""
            values["place_id"] = st.selectbox(
                t("org.place"),
                places,
                index=places.index(place) if place in places else 0,
                format_func=lambda k: labels.get(k, t("roster.no_place")),
                key=f"pt_place_{form}",
                placeholder=t("sa.choose"),  # never Streamlit's English default
            )
            widgets.field_problems(problems, "place_id")
            options = ["", *countries]
            country = current.get("country") or ""
            values["country"] = st.selectbox(
                t("export.col_country"),
                options,
                index=options.index(country) if country in options else 0,
                format_func=lambda k: countries.get(k, t("roster.no_country")),
                key=f"pt_country_{form}",
                placeholder=t("sa.choose"),  # never Streamlit's English default
            )
            widgets.field_problems(problems, "country")
            if st.form_submit_button(t("roster.save"), type="primary"):
                found = actions.save_participant(None if chosen == NEW else chosen, values)
                st.session_state["pt_problems"] = (chosen, found)
                if not found:
                    st.session_state["pt_saved"] = values["name"]
                    st.session_state["pt_saves"] = st.session_state.get("pt_saves", 0) + 1
                st.rerun()
        if problems:
            st.error(t("roster.not_saved", count=len(problems)))
        if saved := st.session_state.pop("pt_saved", None):
            st.success(t("roster.saved", name=literal(saved)))


def _codes(roster: pd.DataFrame) -> None:
    """Personal check-in codes for those without one, shown once (only their hash is kept)."""
    t = translator()
    with st.expander(t("roster.codes_title")):
        st.caption(t("roster.codes_help"))
        without = roster[~roster["has_code"].astype(bool)] if len(roster) else roster
        if st.button(t("roster.codes_create", count=len(without)), key="pt_codes", disabled=without.empty):
            codes = actions.create_participant_codes(list(without["participant_id"]))
            st.session_state["pt_new_codes"] = pd.DataFrame(
                {
                    "name": without["name"],
                    "email": without["email"],
                    "code": without["participant_id"].map(codes),
                }
            )
        if "pt_new_codes" in st.session_state:
            table = st.session_state["pt_new_codes"]
            st.success(t("roster.codes_shown_once", count=len(table)))
            columns = {"name": "roster.col_name", "email": "roster.col_email", "code": "columns.code"}
            st.dataframe(widgets.headed(table, columns), hide_index=True)
            st.download_button(
                t("org.download_codes"),
                ("\ufeff" + table.to_csv(index=False, lineterminator="\n")).encode("utf-8"),
                file_name=f"{t('roster.codes_file')}.csv",
                mime="text/csv",
                key="pt_codes_download",
                on_click="ignore",
            )


def _delete(roster: pd.DataFrame) -> None:
    """Removal on request: every row naming the person goes; anonymous counts stay."""
    t = translator()
    if roster.empty:
        return
    with st.expander(t("roster.delete_title")):
        st.caption(t("roster.delete_help"))
        emails = list(roster["email"])
        st.selectbox(
            t("roster.col_email"), emails, index=None, key="pt_delete_email", placeholder=t("sa.choose")
        )
        st.checkbox(t("roster.delete_sure"), key="pt_delete_sure")
        ready = st.session_state.get("pt_delete_email") and st.session_state.get("pt_delete_sure")
        st.button(t("roster.delete"), key="pt_delete", disabled=not ready, on_click=actions.guarded(_remove))
    if deleted := st.session_state.pop("pt_deleted", None):
        st.success(translator()("roster.deleted", email=literal(deleted)))


def _remove() -> None:
    email = st.session_state.get("pt_delete_email")
    if email and st.session_state.get("pt_delete_sure") and actions.delete_participant(email):
        st.session_state["pt_deleted"] = email
    st.session_state["pt_delete_email"] = None
    st.session_state["pt_delete_sure"] = False
