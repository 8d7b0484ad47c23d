"""Home: what the app is for, the seminar, a card per page and key figures."""

import streamlit as st

from indicators import places as catalogue
from ui import data, routes, widgets
from ui.lang import language, translator

t = translator()
lang = language()
seminar = data.seminar()
# Texts count the round tables from the seminar file, in words ("las cuatro mesas").
tables = t.number_word(len(seminar["round_tables"]))

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.info(t("home.igm_note"))

st.header(t("home.figures_title"))
all_places = data.places()
for label, day in (
    (t("home.figures_today"), data.today()),
    (t("home.figures_seminar", date=t.short_date(catalogue.SEMINAR_DATE)), catalogue.SEMINAR_DATE),
):
    figures = catalogue.key_figures(catalogue.places_as_of(all_places, day))
    st.caption(label)
    widgets.key_figures(figures)
st.caption(t("home.data_note"))

st.header(t("home.pages_title"))
CARDS = [r for r in routes.ROUTES if r is not routes.HOME]
PER_ROW = 3
for start in range(0, len(CARDS), PER_ROW):
    row = CARDS[start : start + PER_ROW]
    for column, route in zip(st.columns(PER_ROW)[: len(row)], row, strict=True):
        with column, st.container(border=True, height="stretch"):
            # No icon in the title: Markdown would read its name ("description") as text.
            st.markdown(f"**{t(f'nav.{route.key}')}**")
            st.write(t(f"home.card_{route.key}", tables=tables))
            st.page_link(route.script, label=t("home.open_page"), icon=":material/arrow_forward:")

st.header(t("home.seminar_title"))
st.markdown(f"**{seminar['title'][lang]}**")
st.markdown(
    t(
        "home.seminar_when",
        dates=t.date_range(seminar["start"], seminar["end"]),
        place=seminar["place"][lang],
    )
)
st.markdown(f"**{t('home.round_tables', tables=tables)}**")
st.markdown(
    "\n".join(f"{i}. {rt[lang].split(': ', 1)[-1]}" for i, rt in enumerate(seminar["round_tables"], 1))
)
st.markdown(f"**{t('home.agenda')}**")
for session in seminar["sessions"]:
    when = t.partial_date(session["date"]) if session["date"][:1].isdigit() else t("home.asynchronous")
    with st.expander(f"{session['title'][lang]} · {when}"):
        st.markdown("\n".join(f"- {item}" for item in session["items"][lang]))
st.caption(t("home.source", source=seminar["source"]))
