"""Approved good practices where people decide: one practice as text, the self-assessment's "examples
from other local governments" under an area, and a column of them beside the areas of the presenter's
table. Their texts are shown exactly as written (ui.lang.literal), links only when http(s)."""

import pandas as pd
import streamlit as st

from indicators.postgres import DatabaseUnavailable
from indicators.practices import titles_beside
from ui import data
from ui import form_keys as keys
from ui.lang import language, link, literal, translator


def practice_text(row: dict, with_place: bool = False) -> str:
    """A practice as Markdown of literal text: title (year), its place, description, link, source."""
    t = translator()
    year = f" ({int(row['year'])})" if pd.notna(row["year"]) else ""
    lines = [f"**{literal(row['title'])}**{year}"]
    if row["is_example"]:
        lines[0] += f" :orange-badge[{t('peers.example_mark')}]"
    if with_place:
        lines.append(f"{literal(row['place_name'])} ({literal(row['country'])})")
    if row["description"]:
        lines.append(literal(row["description"]))
    if row["url"]:
        lines.append(link(t("practices.more"), row["url"]))
    if row["source"]:
        lines.append(f":small[{literal(row['source'])}]")
    return "  \n".join(lines)


def draw_examples(area_key: str) -> None:
    """Under an area of the self-assessment: the approved practices of the OTHER local governments
    there, folded (nothing is drawn for an area with none)."""
    t = translator()
    own = (st.session_state.get(keys.OPENED) or {}).get("place_id")
    try:
        approved = data.practices("approved")
    except DatabaseUnavailable:
        return  # help for the form, not the form: it comes back with the database
    shown = approved[(approved["area_key"] == area_key) & (approved["place_id"] != own)]
    if shown.empty:
        return
    with st.expander(t("practices.examples_title", count=len(shown)), icon=":material/lightbulb:"):
        for row in shown.to_dict("records"):
            st.markdown(practice_text(row, with_place=True))


def beside_areas(table: pd.DataFrame, area_keys) -> pd.DataFrame:
    """The presenter's table of areas (one row per area, in `area_keys`' order) with a last column
    naming each area's approved practices (their titles; "" for none)."""
    if not len(table):
        return table
    t = translator()
    titles = titles_beside(list(area_keys), data.practices("approved"))
    columns = list(table.columns)
    # Right after the area's name, where the eye is (the last column is off screen on a projector).
    at = columns.index(t("presenter.col_area")) + 1 if t("presenter.col_area") in columns else len(columns)
    shown = table.copy()
    shown.insert(at, t("practices.presenter_column"), titles)
    return shown


def area_name(area_key: str) -> str:
    q = data.questionnaire()
    return q.area_by_key[area_key].name[language()] if area_key in q.area_by_key else area_key
