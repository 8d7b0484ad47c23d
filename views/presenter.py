"""Presenter screen for Session 2: live, anonymous charts of the submitted self-assessments.

Controls stay put while the charts refresh themselves (a fragment polls the database every few
seconds); results stay hidden until the presenter reveals them; full screen hides the sidebar.
One chart at a time fills the screen, and the presenter steps through them with the buttons or the
keyboard's arrow keys; under each, its data as a table, one click away.
"""

import datetime as dt
import html

import streamlit as st

from indicators import charts
from ui import data, evaluation_step, room_steps
from ui.lang import language, shown_time, tkey, translator, tset, tvalue
from views.peers.examples import beside_areas

t = translator()
lang = language()
q = data.questionnaire()

THEMES = ("all", *q.themes)
CHARTS = ("ranked", "quadrants", "heatmap", "evaluation", *room_steps.STEPS)  # the evaluation for the
# closing session, then the room's steps: the top questions, the proposed actions as words
# Areas in the bars and the heatmap when all tables are shown (one table shows all its areas): seven
# two-line rows of 20 px type fit a 1280×720 screen under Streamlit's top bar
# (charts.PROJECTOR_MAX_HEIGHT); every area is in the table under the chart.
TOP_AREAS = 7
st.session_state.setdefault("pr_theme", "all")
st.session_state.setdefault("pr_chart", CHARTS[0])
st.session_state.setdefault("pr_full", st.query_params.get("pantalla") == "completa")

if st.session_state["pr_full"]:
    # Projector layout: no sidebar or toolbar, the whole width. The chart text is already 20 px.
    st.markdown(
        "<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header"
        " {display: none !important;} .block-container {max-width: 100% !important;"
        " padding: 0.5rem 2rem 1rem 2rem !important;} h1 {font-size: 2rem !important;"
        " padding-bottom: 0.25rem !important;}</style>",
        unsafe_allow_html=True,
    )

st.title(t("presenter.title"))
# On the projector the controls fold away; the presenter opens them when needed.
with st.expander(t("presenter.controls"), expanded=not st.session_state["pr_full"]):
    theme = st.segmented_control(
        t("presenter.round_table"),
        THEMES,
        key=tkey("pr_theme"),
        required=True,
        format_func=lambda k: (
            t("presenter.all_tables") if k == "all" else t("sa.theme_short", n=q.theme_number(k))
        ),
    )
    every, pause, reveal, full = st.columns(4)
    seconds = every.number_input(
        t("presenter.every"), min_value=2, max_value=120, value=5, step=1, key="pr_every"
    )
    paused = pause.toggle(t("presenter.pause"), key="pr_pause")
    revealed = reveal.toggle(t("presenter.reveal"), key="pr_reveal")
    full.toggle(t("presenter.fullscreen"), key="pr_full")
    room_steps.draw_controls()

url = data.form_url()
join_qr = data.join_qr(url)


def step(by: int) -> None:
    """The previous or next chart, round in a circle (buttons and arrow keys)."""
    current = tvalue("pr_chart", CHARTS[0]) or CHARTS[0]
    tset("pr_chart", CHARTS[(CHARTS.index(current) + by) % len(CHARTS)])


def draw_chart(view, chart: str) -> None:
    """One chart across the stage, its one-sentence description for screen readers, and its data."""
    if chart == "evaluation":
        evaluation_step.draw(t, lang)  # the consultation's aggregates, not the self-assessments
        return
    top = TOP_AREAS if theme == "all" else None
    names = data.country_names()
    if chart == "ranked":
        figure = charts.ranked_bars(view, q, lang, t, top or len(view.ranked))
        sentence = charts.describe_ranked(view, q, lang, t, top or len(view.ranked))
        table = beside_areas(charts.ranked_table(view, q, lang, t), view.ranked["area_key"])
    elif chart == "quadrants":
        labelled = charts.LABELLED_AREAS if theme == "all" else 3
        figure = charts.quadrant_chart(view, q, lang, t, labelled)
        sentence = charts.describe_quadrants(view, t)
        table = beside_areas(charts.ranked_table(view, q, lang, t), view.ranked["area_key"])
    else:
        figure = charts.heatmap_chart(view, q, lang, t, names, top)
        sentence = charts.describe_heatmap(view, q, lang, t, names, top)
        table = charts.heatmap_table(view, q, lang, names, t)
    # theme=None keeps the figure's own large type instead of Streamlit's smaller chart theme.
    st.plotly_chart(figure, key=f"pr_{chart}", theme=None, alt=sentence, config={"displayModeBar": False})
    with st.expander(t("presenter.chart_data")):
        st.write(sentence)
        st.dataframe(table, hide_index=True)


def draw_counts(view, side: bool) -> None:
    """Counts, the QR code and link to the form, and the example-data note: beside the chart on the
    projector, in a row above it otherwise."""
    cells = [st.container()] * 5 if side else st.columns([2, 2, 2, 1, 3])
    cells[0].metric(t("presenter.responses"), view.responses)
    cells[1].metric(t("presenter.local_governments"), view.local_governments)
    cells[2].metric(t("presenter.countries"), view.countries)
    # Inline, not st.image: an image file served by a fragment that reruns every few seconds can be
    # dropped by the server while the browser still asks for it.
    cells[3].markdown(
        f'<img src="data:image/png;base64,{join_qr}" width="140" height="140"'
        f' alt="{html.escape(t("presenter.qr_alt", url=url))}">',
        unsafe_allow_html=True,
    )
    cells[4].markdown(f"**{t('presenter.join')}**  \n`{url}`")
    room_steps.draw_ask_link(cells[4])
    if view.examples:
        st.warning(t("presenter.examples", count=view.examples, total=view.responses))


@st.fragment(run_every=None if paused else seconds)
def live() -> None:
    # Hidden results compute only the counts; a refresh with no new submission is a cache lookup.
    view = data.live_view(None if theme == "all" else theme, charts=revealed)
    full = st.session_state["pr_full"]
    if full:
        stage, side = st.columns([5, 1], gap="medium")
        with side:
            draw_counts(view, side=True)
    else:
        draw_counts(view, side=False)
        stage = st.container()
    with stage:
        if theme != "all":
            st.header(q.themes[theme][lang])
        stepper = st.container(horizontal=True, vertical_alignment="center")
        stepper.button(
            t("presenter.previous"),
            icon=":material/arrow_back:",
            on_click=step,
            args=(-1,),
            shortcut="Left",
            help=t("presenter.step_help"),
            key="pr_back",
        )
        chart = stepper.segmented_control(
            t("presenter.chart"),
            CHARTS,
            key=tkey("pr_chart"),
            required=True,
            format_func=lambda k: t(f"presenter.chart_{k}"),
            label_visibility="collapsed",
        )
        stepper.button(
            t("presenter.next"),
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=step,
            args=(1,),
            shortcut="Right",
            help=t("presenter.step_help"),
            key="pr_forward",
        )
        if chart in room_steps.STEPS:
            room_steps.draw_step(chart, None if theme == "all" else theme, revealed)
        elif not revealed:
            st.info(t("presenter.hidden"))
        elif view.responses == 0:
            st.info(t("presenter.no_responses"))
        else:
            draw_chart(view, chart or CHARTS[0])
            if chart != "evaluation":
                st.caption(t("presenter.formula_note"))
        now = shown_time(dt.datetime.now())
        st.caption(t("presenter.paused") if paused else t("presenter.updated", time=now))


live()
