"""Presenter screen for Session 2: live, anonymous charts of the submitted self-assessments.

Controls stay put while the charts and counts refresh themselves (one fragment polls the database every
few seconds and redraws both); results stay hidden until the presenter reveals them, and then the
controls fold away; full screen hides the sidebar.
One chart at a time fills the screen, and the presenter steps through them with the buttons or the
keyboard's arrow keys; under each, its data as a table, one click away.

In full screen (a projector) the chart and its buttons fill the screen under the title, the counts,
QR code and link stand beside them under the folded controls, every text is 20 px: at 1280×720 all
of the chart and its buttons show without scrolling (tests/e2e/test_projector.py).
"""

import dataclasses
import datetime as dt
import html

import streamlit as st

from indicators import presenter_charts as charts
from ui import data, evaluation_step, followup_steps, room_steps, routes, screen
from ui.lang import language, shown_time, tkey, translator, tset, tvalue
from views.peers.examples import beside_areas

t = translator()
lang = language()
q = data.questionnaire()

THEMES = ("all", *q.themes)
# The live charts, the evaluation for the closing session, the room's steps (the top questions, the
# proposed actions as words), then the follow-up's (commitments by status, the change between rounds).
CHARTS = ("ranked", "quadrants", "heatmap", "evaluation", *room_steps.STEPS, *followup_steps.STEPS)
# Areas in the bars and the heatmap when all tables are shown (one table shows all its areas): seven
# two-line rows of 20 px type fit a 1280×720 screen (presenter_charts.PROJECTOR); every area is in
# the table under the chart.
TOP_AREAS = 7
TABLE_HEADING = 60  # px the name of one round table takes above its chart: the chart is that much shorter
st.session_state.setdefault("pr_theme", "all")
st.session_state.setdefault("pr_chart", CHARTS[0])
st.session_state.setdefault("pr_full", st.query_params.get("pantalla") == "completa")
full = st.session_state["pr_full"]
stage = charts.PHONE if screen.on_phone() else charts.PROJECTOR

# Every screen: less room above the title (Streamlit leaves 6rem), so that on a 1280×720 screen the
# chart starts above the fold under the controls and counts; the names of the charts come last (see
# draw_chooser) and wrap on a narrow screen instead of running off its edge; the join link wraps only
# between the parts of the address, never inside a word.
PAGE_CSS = """
.block-container { padding-top: 4rem; }
[class*="st-key-pr_chart"] { order: 1; }
[class*="st-key-pr_chart"] [data-testid="stButtonGroup"] > div { flex-wrap: wrap; }
a.igm-join { word-break: normal; overflow-wrap: normal; }
a.igm-join > span { white-space: nowrap; }
"""
# Projector layout: no sidebar or top bar, the whole width, a smaller title, and the text around the
# charts as large as the charts' own (20 px), readable at the back of a room.
FULL_SCREEN_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header { display: none !important; }
.block-container { max-width: 100% !important; padding: 0.5rem 2rem 1rem 2rem !important; }
[data-testid="stMain"] h1 { font-size: 1.75rem !important; padding: 0 0 0.25rem 0 !important; }
[data-testid="stMain"] h2 { font-size: 1.375rem !important; padding: 0 !important; }
.st-key-pr_side { gap: 0.5rem; }
[data-testid="stMain"] :is(p, li, label, summary, small, a, kbd, [data-testid="stCaptionContainer"]):not(
  [data-testid="stMetricValue"] *) { font-size: 20px !important; }
"""
st.html(f"<style>{PAGE_CSS}{FULL_SCREEN_CSS if full else ''}</style>")

st.title(t("presenter.title"))


# On the projector the controls wait, folded, at the top of the column beside the chart: opened there,
# they move nothing on the stage and the page does not scroll. On a laptop they come first, and fold
# once the results are shown, so that the chart comes up under the counts; the full-screen switch, the
# next thing a presenter does, stays outside them.
if full:
    stage_box, side = st.columns([3, 1], gap="medium")
    controls_box = counts_box = side.container(key="pr_side")
else:
    controls_box, counts_box, stage_box = st.container(), st.container(), st.container()
    controls_box.toggle(t("presenter.fullscreen"), key="pr_full")
with controls_box.expander(t("presenter.controls"), expanded=not (full or st.session_state.get("pr_reveal"))):
    theme = st.segmented_control(
        t("presenter.round_table"),
        THEMES,
        key=tkey("pr_theme"),
        required=True,
        format_func=lambda k: (
            t("presenter.all_tables") if k == "all" else t("sa.theme_short", n=q.theme_number(k))
        ),
    )
    every, pause, reveal = [st.container()] * 3 if full else st.columns(3)
    seconds = every.number_input(
        t("presenter.every"), min_value=2, max_value=120, value=5, step=1, key="pr_every"
    )
    paused = pause.toggle(t("presenter.pause"), key="pr_pause")
    revealed = reveal.toggle(t("presenter.reveal"), key="pr_reveal")
    if full:
        st.toggle(t("presenter.fullscreen"), key="pr_full")
    room_steps.draw_controls()

# In English the QR code and the link open the English form.
url = routes.with_language(data.form_url(), lang)
join_qr = data.join_qr(url)


def step(by: int) -> None:
    """The previous or next chart, round in a circle (buttons and arrow keys)."""
    current = tvalue("pr_chart", CHARTS[0]) or CHARTS[0]
    tset("pr_chart", CHARTS[(CHARTS.index(current) + by) % len(CHARTS)])


# Built once per new submission for every screen showing the same chart: a refresh with no new data
# (every few seconds, on every presenter's screen) draws the same figure again.
@data.cached("answers", "catalogue", "practices", shared=True)
def chart_parts(chart: str, theme: str, language: str, stage: charts.Stage):
    """One of the index's charts for one round table (or all), its one-sentence description and its data."""
    view = data.live_view(None if theme == "all" else theme, charts=True)
    top = TOP_AREAS if theme == "all" else None
    names = data.country_names()
    shown = (
        stage if theme == "all" else dataclasses.replace(stage, max_height=stage.max_height - TABLE_HEADING)
    )
    if chart == "ranked":
        figure = charts.ranked_bars(view, q, language, t, top or len(view.ranked), shown)
        sentence = charts.describe_ranked(view, q, language, t, top or len(view.ranked))
        table = beside_areas(charts.ranked_table(view, q, language, t), view.ranked["area_key"])
    elif chart == "quadrants":
        labelled = charts.LABELLED_AREAS if theme == "all" else 3
        figure = charts.quadrant_chart(view, q, language, t, labelled, shown)
        sentence = charts.describe_quadrants(view, t)
        table = beside_areas(charts.ranked_table(view, q, language, t), view.ranked["area_key"])
    else:
        figure = charts.heatmap_chart(view, q, language, t, names, top, shown)
        sentence = charts.describe_heatmap(view, q, language, t, names, top)
        table = charts.heatmap_table(view, q, language, names, t)
    return figure, sentence, table


def draw_chart(chart: str) -> None:
    """One chart across the stage, its one-sentence description for screen readers, and its data."""
    if chart == "evaluation":
        evaluation_step.draw(t, lang)  # the consultation's aggregates, not the self-assessments
        return
    if chart in followup_steps.STEPS:  # commitments and rounds, not the live answers
        followup_steps.draw(chart, t, lang)
        return
    figure, sentence, table = chart_parts(chart, theme, lang, stage)
    # theme=None keeps the figure's own large type instead of Streamlit's smaller chart theme.
    st.plotly_chart(figure, key=f"pr_{chart}", theme=None, alt=sentence, config={"displayModeBar": False})
    with st.expander(t("presenter.chart_data")):
        st.write(sentence)
        st.dataframe(table, hide_index=True)


def draw_steps() -> str:
    """The previous and next buttons over the chart; returns the chart to draw."""
    steps = st.container(horizontal=True, vertical_alignment="center", key="pr_stepper")
    for by, name, icon, side, key, shortcut in (
        (-1, "previous", ":material/arrow_back:", "left", "pr_back", "Left"),
        (1, "next", ":material/arrow_forward:", "right", "pr_forward", "Right"),
    ):
        steps.button(
            t(f"presenter.{name}"),
            icon=icon,
            icon_position=side,
            on_click=step,
            args=(by,),
            shortcut=shortcut,
            help=t("presenter.step_help"),
            key=key,
        )
    return st.session_state.get(tkey("pr_chart")) or CHARTS[0]


def draw_chooser() -> None:
    """Every chart by name, to jump to one. Shown under the chart (PAGE_CSS), since the four names
    beside the buttons took three lines over it at 1280 px and pushed it off a 720 px screen; drawn
    before it, so that the browser has the chosen name before a quick second click sends it back
    (a click sends every widget's value, and a stale one would step from the chart before)."""
    st.segmented_control(
        t("presenter.chart"),
        CHARTS,
        key=tkey("pr_chart"),
        required=True,
        format_func=lambda k: t(f"presenter.chart_{k}"),
    )


def draw_counts(view, side: bool) -> None:
    """Counts, the QR code and link to the form, and the example-data note: beside the chart on the
    projector, in a row above it otherwise."""
    cells = [st.container()] * 5 if side else st.columns([2, 2, 2, 2, 4])
    cells[0].metric(t("presenter.responses"), view.responses)
    cells[1].metric(t("presenter.local_governments"), view.local_governments)
    cells[2].metric(t("presenter.countries"), view.countries)
    # Inline, not st.image: an image file served by a fragment that reruns every few seconds can be
    # dropped by the server while the browser still asks for it.
    size = 120
    cells[3].markdown(
        f'<img src="data:image/png;base64,{join_qr}" width="{size}" height="{size}"'
        f' alt="{html.escape(t("presenter.qr_alt", url=url))}">',
        unsafe_allow_html=True,
    )
    # HTML, not Markdown: Markdown would turn the start of the address into a link of its own.
    cells[4].html(room_steps.address_link(t("presenter.join"), url))
    room_steps.draw_ask_link(cells[4])
    if view.examples:
        cells[4].warning(t("presenter.examples", count=view.examples, total=view.responses))


def draw_time() -> None:
    now = shown_time(dt.datetime.now())
    st.caption(t("presenter.paused") if paused else t("presenter.updated", time=now))


@st.fragment(run_every=None if paused else seconds)
def live() -> None:
    """The counts and the stage, refreshed together: one read of the figures serves both. The counts
    go into their own box (beside the chart on the projector, above it otherwise); this fragment
    writes there too, so one refresh redraws both."""
    # Hidden results compute only the counts; a refresh with no new submission is a cache lookup.
    view = data.live_view(None if theme == "all" else theme, charts=revealed)
    with counts_box:
        draw_counts(view, side=full)
        if full:
            draw_time()
    if theme != "all":
        st.header(q.themes[theme][lang])
    # The steps show before "Mostrar resultados": the room's questions are public already.
    chart = draw_steps()
    draw_chooser()
    if chart in room_steps.STEPS:
        room_steps.draw_step(chart, None if theme == "all" else theme, revealed)
    elif not revealed:
        st.info(t("presenter.hidden"))
    elif view.responses == 0:
        st.info(t("presenter.no_responses"))
    else:
        draw_chart(chart)
        if chart != "evaluation" and chart not in followup_steps.STEPS:  # the index's charts only
            st.caption(t("presenter.formula_note"))
    if not full:
        draw_time()


with stage_box:
    live()
