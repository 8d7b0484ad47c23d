"""Presenter screen for Session 2: live, anonymous charts of the submitted self-assessments.

Controls stay put while the charts refresh themselves (a fragment polls the database every few
seconds); results stay hidden until the presenter reveals them; full screen hides the sidebar.
"""

import datetime as dt
import io

import segno
import streamlit as st

import ui
from indicators import charts

t = ui.translator()
lang = ui.language()
q = ui.questionnaire()

THEMES = ("all", *q.themes)
TOP_AREAS = 10  # bars on the projector when all tables are shown; one table shows all its areas
st.session_state.setdefault("pr_theme", "all")
st.session_state.setdefault("pr_full", st.query_params.get("pantalla") == "completa")

st.title(t("presenter.title"))
# On the projector the controls fold away; the presenter opens them when needed.
with st.expander(t("presenter.controls"), expanded=not st.session_state["pr_full"]):
    theme = st.segmented_control(
        t("presenter.round_table"),
        THEMES,
        key=ui.tkey("pr_theme"),
        required=True,
        format_func=lambda k: t("presenter.all_tables") if k == "all" else t("sa.theme_short", n=k[-1]),
    )
    every, pause, reveal, full = st.columns(4)
    seconds = every.number_input(
        t("presenter.every"), min_value=2, max_value=120, value=5, step=1, key="pr_every"
    )
    paused = pause.toggle(t("presenter.pause"), key="pr_pause")
    revealed = reveal.toggle(t("presenter.reveal"), key="pr_reveal")
    fullscreen = full.toggle(t("presenter.fullscreen"), key="pr_full")

url = ui.form_url()
buffer = io.BytesIO()
segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
join_qr = buffer.getvalue()

if fullscreen:
    # Projector layout: no sidebar or toolbar, the whole width, larger type.
    st.markdown(
        "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header"
        " {display: none !important;} .block-container {max-width: 100% !important; padding-top: 1rem;}"
        " html {font-size: 20px;}</style>",
        unsafe_allow_html=True,
    )


@st.fragment(run_every=None if paused else seconds)
def live() -> None:
    # Hidden results compute only the counts; a refresh with no new submission is a cache lookup.
    view = ui.live_view(None if theme == "all" else theme, charts=revealed)
    responses, governments, countries, join = st.columns([2, 2, 2, 3])
    responses.metric(t("presenter.responses"), view.responses)
    governments.metric(t("presenter.local_governments"), view.local_governments)
    countries.metric(t("presenter.countries"), view.countries)
    with join:
        qr, link = st.columns([1, 2])
        qr.image(join_qr, width=130)
        link.markdown(f"**{t('presenter.join')}**  \n`{url}`")
    if view.examples:
        st.warning(t("presenter.examples", count=view.examples, total=view.responses))
    if theme != "all":
        st.markdown(f"### {q.themes[theme][lang]}")
    if not revealed:
        st.info(t("presenter.hidden"))
    elif view.responses == 0:
        st.info(t("presenter.no_responses"))
    else:
        # theme=None keeps the figures' own large type instead of Streamlit's smaller chart theme.
        left, right = st.columns(2)
        left.plotly_chart(charts.ranked_bars(view, q, lang, t, TOP_AREAS), key="pr_ranked", theme=None)
        right.plotly_chart(charts.quadrant_chart(view, q, lang, t), key="pr_quadrants", theme=None)
        names = ui.country_names()
        st.plotly_chart(charts.heatmap_chart(view, q, lang, t, names), key="pr_heatmap", theme=None)
        st.caption(t("presenter.formula_note"))
    now = dt.datetime.now().strftime("%H:%M:%S")
    st.caption(t("presenter.paused") if paused else t("presenter.updated", time=now))


live()
