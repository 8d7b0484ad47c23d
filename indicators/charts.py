"""Plotly figures of the priority index, readable on a projector (large type, few colours).

Every figure built from example data says so in its title, so a screenshot cannot pass for real.
"""

import textwrap

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import Translator
from indicators.presenter import CAPACITY_MIDPOINT, PRIORITY_MIDPOINT, QUADRANTS, LiveView
from indicators.questionnaire import Questionnaire
from indicators.results import ANSWERS
from indicators.scoring import MAX_INDEX

# Projector type: every text of a presenter chart is at least 20 px, readable at the back of a room.
PROJECTOR_FONT = 20
PAGE_FONT = 16  # charts on ordinary pages, read at arm's length
EXAMPLE_COLOUR = "#A63D00"  # a dark Okabe–Ito vermilion: stands out, 6.6:1 on white
GREY_TEXT = "#4D4D4D"
# One marker shape per round table besides its colour, for viewers who cannot tell the colours apart.
LABELLED_AREAS = 5  # areas named beside the quadrant chart; the others are in the hover and the table


def _title(text: str, examples: int, t: Translator, size: int = PROJECTOR_FONT) -> dict:
    """The title, and under it the example-data label, so neither is cut on a narrow screen."""
    title = {"text": f"<b>{text}</b>"}
    if examples:
        title["subtitle"] = {
            "text": f"<b>{t('presenter.example_tag')}</b>",
            "font": {"size": size + 2, "color": EXAMPLE_COLOUR},
        }
    return title


def _wrap(text: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def area_code(area_key: str, q: Questionnaire) -> str:
    """ "2.3" for the third area of round table 2: short enough to label a dot on a projector."""
    area = q.area_by_key[area_key]
    return f"{q.theme_number(area.theme)}.{[a.key for a in q.areas_of(area.theme)].index(area_key) + 1}"


def area_label(area_key: str, q: Questionnaire, language: str, width: int = 34, lines: int = 2) -> str:
    """The area's code and full name for an axis, wrapped at `width` characters or wider if needed
    to stay within `lines` lines: "1.2 Orientación sobre vías<br>regulares de migración"."""
    text = f"{area_code(area_key, q)} {q.area_by_key[area_key].name[language]}"
    while len(textwrap.wrap(text, width)) > lines:
        width += 2
    return _wrap(text, width)


def _merge(*layouts: dict) -> dict:
    """Layout dicts merged in order, nested dicts key by key (as plotly's update_layout does)."""
    merged: dict = {}
    for layout in layouts:
        for key, value in layout.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                value = _merge(merged[key], value)
            merged[key] = value
    return merged


def _base_layout(height: int, font_size: int = PAGE_FONT, top: int = 70) -> dict:
    return {
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
        "height": height,
        "font": {"size": font_size, "color": "#1a1a1a"},
        "margin": {"l": 10, "r": 30, "t": top, "b": 10},
        "plot_bgcolor": "white",
        # Top left of the whole figure, and the plot moves down to make room: never cut, whatever
        # the width of the axis labels.
        "title": {
            "font": {"size": font_size + 6},
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 12, "l": 8, "b": 6},
            "automargin": True,
        },
        "hoverlabel": {"font": {"size": font_size}},
    }


def _layout(fig: go.Figure, height: int, font_size: int = PAGE_FONT, top: int = 70) -> go.Figure:
    return fig.update_layout(_base_layout(height, font_size, top))


# The tallest presenter chart: a 1280×720 screen less Streamlit's 60 px top bar, with a little room
# to scroll, so that in normal (not full-screen) mode the whole chart, title included, shows at once.
PROJECTOR_MAX_HEIGHT = 640
# 56 px a row holds a two-line area label at 20 px, clear of the axis under the last one; 7 rows
# and the title, axis and legend (about 250 px) fill PROJECTOR_MAX_HEIGHT (views/presenter.TOP_AREAS).
PROJECTOR_ROW = 56


def _projector_layout(height: int) -> dict:
    """Projector layout: 20 px type everywhere, room above the plot for a two-line title."""
    height = min(height, PROJECTOR_MAX_HEIGHT)
    axis = {"tickfont": {"size": PROJECTOR_FONT}, "title": {"font": {"size": PROJECTOR_FONT}}}
    return _merge(
        _base_layout(height, PROJECTOR_FONT, top=30),
        {"xaxis": axis, "yaxis": axis, "legend": {"font": {"size": PROJECTOR_FONT}}},
    )


def _projector_figure(traces: list[dict], *layouts: dict) -> go.Figure:
    """A presenter figure built in one go: plotly checks the whole figure once, where every
    update_layout call would check it again (several times faster, issue 14)."""
    return go.Figure({"data": traces, "layout": _merge(*layouts)})


# A horizontal legend at the bottom left of the figure, under the axis title. Plotly wraps a
# horizontal legend at the plot area's width while x lies in [0, 1]; a hair left of 0 it may take half
# the figure's width, so long area labels (a narrow plot) do not stack the four round tables in four
# rows and squeeze the bars (plotly.js, legend/draw.js, `_maxWidth`).
BOTTOM_LEGEND = {
    "orientation": "h",
    "x": -0.001,
    "xref": "container",
    "y": 0,
    "yref": "container",
    "yanchor": "bottom",
}


def ranked_bars(view: LiveView, q: Questionnaire, language: str, t: Translator, top_n: int = 10) -> go.Figure:
    """The `top_n` areas by mean priority index, highest on top, with how many chose each in their top 3.

    One trace per round table, so the legend says which colour is which table. The value labels sit
    in a right margin of fixed width, so even an index of 15 is never cut at the figure's edge.
    """
    ranked = view.ranked.head(top_n)
    label = {k: area_label(k, q, language) for k in ranked["area_key"]}
    traces = []
    for theme in q.themes:
        rows = ranked[ranked["theme"] == theme]
        if rows.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "x": rows["index"],
                "y": [label[k] for k in rows["area_key"]],
                "orientation": "h",
                "name": t("sa.theme_short", n=q.theme_number(theme)),
                "marker": {
                    "color": q.style(theme).colour,
                    "line": {"color": "#1a1a1a", "width": 1},
                    "pattern": {"shape": q.style(theme).pattern},
                },
                "text": [
                    t("presenter.bar_label", index=f"{i:.1f}", top3=n)
                    for i, n in zip(rows["index"], rows["top3"], strict=True)
                ],
                "textposition": "outside",
                "textfont": {"size": PROJECTOR_FONT},
                "cliponaxis": False,
            }
        )
    return _projector_figure(
        traces,
        {
            # plotly draws the first category at the bottom: list them lowest first so the highest is on top
            "yaxis": {
                "categoryorder": "array",
                "categoryarray": [label[k] for k in ranked["area_key"]][::-1],
            },
            "xaxis": {
                "range": [0, MAX_INDEX],
                "title": {"text": t("presenter.index_axis")},
                "gridcolor": "#e5e5e5",
            },
            "title": _title(t("presenter.ranked_title"), view.examples, t),
            "barmode": "overlay",
            "bargap": 0.25,
            "showlegend": ranked["theme"].nunique() > 1,
            "legend": BOTTOM_LEGEND,
        },
        _projector_layout(max(400, PROJECTOR_ROW * len(ranked) + 250)),
        {"margin": {"r": 230, "b": 50}},  # "15.0 · 5000 en top 3" at 20 px; the legend
    )


def _callout_heights(labels: list[tuple[float, int]], line: float, low: float, high: float) -> list[float]:
    """Heights of stacked labels, given (point height, lines) sorted high to low: each label as near
    its point as the labels above allow, `line` (a text line in axis units) apart, none below `low`."""
    placed: list[float] = []
    for index, (y, lines) in enumerate(labels):
        if placed:
            y = min(y, placed[-1] - line * (labels[index - 1][1] + lines) / 2 - line / 3)
        placed.append(min(y, high - line * lines / 2))
    if placed and placed[-1] - line * labels[-1][1] / 2 < low:
        shift = low - (placed[-1] - line * labels[-1][1] / 2)
        placed = [p + shift for p in placed]
    return placed


def quadrant_chart(
    view: LiveView, q: Questionnaire, language: str, t: Translator, labelled: int = LABELLED_AREAS
) -> go.Figure:
    """Mean capacity against mean priority; the quadrants say what each position calls for.

    Areas often sit close together, so only the `labelled` highest by index are named, in callouts
    stacked in the right margin with a line to their dot; every area is in the hover and the table.
    One trace per round table: its colour and its own marker shape.
    """
    ranked = view.ranked
    traces = []
    for theme in q.themes:
        rows = ranked[ranked["theme"] == theme]
        if rows.empty:
            continue
        traces.append(
            {
                "type": "scatter",
                "x": rows["capacity"],
                "y": rows["priority"],
                "mode": "markers",
                "name": t("sa.theme_short", n=q.theme_number(theme)),
                "marker": {
                    "size": 22,
                    "color": q.style(theme).colour,
                    "symbol": q.style(theme).symbol,
                    "line": {"color": "#1a1a1a", "width": 1.5},
                },
                "hovertext": [area_label(k, q, language, 60) for k in rows["area_key"]],
                "hoverinfo": "text",
            }
        )
    midlines = [
        {"type": "line", "x0": CAPACITY_MIDPOINT, "x1": CAPACITY_MIDPOINT, "xref": "x", "y0": 0, "y1": 1},
        {
            "type": "line",
            "x0": 0,
            "x1": 1,
            "xref": "x domain",
            "y0": PRIORITY_MIDPOINT,
            "y1": PRIORITY_MIDPOINT,
        },
    ]
    for line, yref in zip(midlines, ("y domain", "y"), strict=True):
        line.update(yref=yref, line={"dash": "dash", "color": "#777"})
    corners = {
        "act_now": (-0.15, 3.18),
        "sustain": (4.15, 3.18),
        "prepare": (-0.15, 0.82),
        "monitor": (4.15, 0.82),
    }
    annotations = [
        {
            "x": x,
            "y": y,
            "text": f"<b>{t(f'presenter.quadrant_{key}')}</b>",
            "showarrow": False,
            "xanchor": "left" if x < 2 else "right",
            "yanchor": "top" if y > 2 else "bottom",
            "font": {"size": PROJECTOR_FONT, "color": GREY_TEXT},
        }
        for key, (x, y) in corners.items()
    ]
    named = ranked.head(labelled).sort_values("priority", ascending=False)
    texts = [area_label(k, q, language, 24, lines=3) for k in named["area_key"]]
    # A 20 px line (26 px with its leading) is about 0.16 priority units in the ~400 px tall plot.
    heights = _callout_heights(
        [(y, text.count("<br>") + 1) for y, text in zip(named["priority"], texts, strict=True)],
        line=0.16,
        low=0.85,
        high=3.2,
    )
    for capacity, priority, text, height in zip(
        named["capacity"], named["priority"], texts, heights, strict=True
    ):
        annotations.append(
            {
                "x": capacity,
                "y": priority,
                "ax": 4.4,
                "ay": height,
                "axref": "x",
                "ayref": "y",
                "text": text,
                "xanchor": "left",
                "align": "left",
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1.5,
                "arrowcolor": "#555",
                "standoff": 12,
                "font": {"size": PROJECTOR_FONT},
            }
        )
    return _projector_figure(
        traces,
        {
            "shapes": midlines,
            "annotations": annotations,
            "xaxis": {
                "range": [-0.2, 4.2],
                "title": {"text": t("presenter.capacity_axis")},
                "gridcolor": "#eee",
                "dtick": 1,
            },
            "yaxis": {
                "range": [0.8, 3.2],
                "title": {"text": t("presenter.priority_axis")},
                "gridcolor": "#eee",
                "dtick": 0.5,
            },
            "title": _title(t("presenter.quadrant_title"), view.examples, t),
            "legend": BOTTOM_LEGEND,
            "showlegend": ranked["theme"].nunique() > 1,
        },
        _projector_layout(PROJECTOR_MAX_HEIGHT),
        {"margin": {"r": 340, "b": 50}},  # the callouts: 24 characters a line at 20 px
    )


def _heatmap_keys(view: LiveView, top_n: int | None) -> list[str]:
    """The areas the heatmap shows: the highest ranked, at most `top_n`."""
    return [k for k in view.ranked["area_key"] if k in view.heatmap.columns][:top_n]


def heatmap_chart(
    view: LiveView,
    q: Questionnaire,
    language: str,
    t: Translator,
    country_names: dict[str, str],
    top_n: int | None = None,
) -> go.Figure:
    """Areas (rows, named) by country (columns), shaded by mean priority index, the value in each cell.

    With `top_n`, only the areas ranked highest overall, in ranking order, so the rows stay legible.
    """
    keys = _heatmap_keys(view, top_n)
    matrix = view.heatmap[keys].T
    countries = [country_names.get(c, c) for c in matrix.columns]
    heatmap = {
        "type": "heatmap",
        "z": matrix.values,
        "zmin": 0,
        "zmax": MAX_INDEX,
        "colorscale": "Blues",
        "x": [_wrap(c, 12) for c in countries],
        "y": [area_label(k, q, language) for k in keys],
        "texttemplate": "%{z:.1f}",
        "textfont": {"size": PROJECTOR_FONT},
        "xgap": 2,
        "ygap": 2,
        # No colour bar: every cell has its value written in it, and the columns keep the width.
        "showscale": False,
        "hovertemplate": "%{y} · %{x}: %{z:.1f}<extra></extra>",
    }
    return _projector_figure(
        [heatmap],
        {
            "xaxis": {"side": "top", "type": "category"},
            "yaxis": {"autorange": "reversed", "type": "category"},
            "title": _title(t("presenter.heatmap_title"), view.examples, t),
        },
        _projector_layout(max(360, PROJECTOR_ROW * len(keys) + 230)),
        {"margin": {"t": 60, "b": 10}},  # between the title and the country names
    )


# --- text alternatives: a sentence for screen readers and the table behind each presenter chart ----


def ranked_table(view: LiveView, q: Questionnaire, language: str, t: Translator) -> pd.DataFrame:
    """Every area of the view in ranking order, with the figures the bar and quadrant charts draw."""
    ranked = view.ranked
    columns = {
        "code": [area_code(k, q) for k in ranked["area_key"]],
        "area": [q.area_by_key[k].name[language] for k in ranked["area_key"]],
        "table": [t("sa.theme_short", n=q.theme_number(th)) for th in ranked["theme"]],
        "index": ranked["index"].round(1),
        "capacity": ranked["capacity"].round(2),
        "priority": ranked["priority"].round(2),
        "top3": ranked["top3"],
        "quadrant": [t(f"presenter.quadrant_{k}") for k in ranked["quadrant"]],
    }
    return pd.DataFrame({t(f"presenter.col_{k}"): v for k, v in columns.items()})


def heatmap_table(
    view: LiveView, q: Questionnaire, language: str, country_names: dict[str, str], t
) -> pd.DataFrame:
    """Mean index per area (rows, ranking order) and country (columns): every area, not only the top."""
    keys = [k for k in view.ranked["area_key"] if k in view.heatmap.columns]
    table = view.heatmap[keys].T.round(1)
    table.columns = [country_names.get(c, c) for c in table.columns]
    table.insert(0, t("presenter.col_area"), [area_label(k, q, language, 200) for k in keys])
    return table.reset_index(drop=True)


def describe_ranked(view: LiveView, q: Questionnaire, language: str, t: Translator, top_n: int) -> str:
    first = view.ranked.iloc[0]
    return t(
        "presenter.alt_ranked",
        count=min(top_n, len(view.ranked)),
        first=area_label(first["area_key"], q, language, 200),
        index=f"{first['index']:.1f}",
        top3=int(first["top3"]),
    )


def describe_quadrants(view: LiveView, t: Translator) -> str:
    counts = view.ranked["quadrant"].value_counts()
    return t(
        "presenter.alt_quadrants", count=len(view.ranked), **{k: int(counts.get(k, 0)) for k in QUADRANTS}
    )


def describe_heatmap(
    view: LiveView,
    q: Questionnaire,
    language: str,
    t: Translator,
    country_names: dict[str, str],
    top_n: int | None,
) -> str:
    keys = _heatmap_keys(view, top_n)
    shown = view.heatmap[keys]
    country, area = shown.stack().idxmax()
    return t(
        "presenter.alt_heatmap",
        areas=len(keys),
        countries=len(shown.index),
        value=f"{shown.loc[country, area]:.1f}",
        area=area_label(area, q, language, 200),
        country=country_names.get(country, country),
    )


# Colours of results.ANSWERS, in that order (Okabe–Ito for the three answers, greys for the rest).
ANSWER_COLOURS = dict(zip(ANSWERS, ("#009E73", "#E69F00", "#D55E00", "#BBBBBB", "#E3E3E3"), strict=True))


def answers_chart(counts, t: Translator, examples: bool) -> go.Figure:
    """Indicators per domain and sub-area, stacked by answer (met, partly met, …)."""
    groups = list(dict.fromkeys(counts["group"]))
    fig = go.Figure()
    for answer, colour in ANSWER_COLOURS.items():
        rows = counts[counts["answer"] == answer]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=rows["count"],
                y=[_wrap(g, 48) for g in rows["group"]],
                orientation="h",
                name=t(f"answers.{answer}"),
                marker_color=colour,
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[_wrap(g, 48) for g in groups][::-1])
    fig.update_layout(
        barmode="stack",
        title=_title(t("profile.answers_title"), int(examples), t, PAGE_FONT),
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(title=t("profile.answers_axis"), gridcolor="#eee", dtick=1)
    return _layout(fig, height=max(320, 34 * len(groups) + 200))


# Five shades of one blue for the five points of a scale: ordered, and readable without hue.
SCALE_SHADES = ("#DEEBF7", "#9ECAE1", "#4292C6", "#2166AC", "#08306B")


def consultation_chart(distributions, t: Translator) -> go.Figure:
    """Answers per question, before and after: one stacked bar per question and phase, a segment per
    point of the scale (1 lightest to 5 darkest) with its count written in it, so labels never pile
    up (translated table from exports)."""
    question, phase, value, label, count = (
        t(f"consult.col_{k}") for k in ("item", "phase", "value", "label", "count")
    )
    rows_order = list(dict.fromkeys(zip(distributions[question], distributions[phase], strict=True)))
    fig = go.Figure()
    for point, shade in zip(sorted(distributions[value].unique()), SCALE_SHADES, strict=False):
        rows = distributions[distributions[value] == point]
        fig.add_trace(
            go.Bar(
                y=[[_wrap(q, 34) for q in rows[question]], list(rows[phase])],
                x=rows[count],
                orientation="h",
                name=str(point),
                marker={"color": shade, "line": {"color": "white", "width": 1}},
                text=[str(n) if n else "" for n in rows[count]],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": "#1a1a1a" if point <= 2 else "white"},
                customdata=rows[label],
                hovertemplate="%{y}: %{customdata} · %{x}<extra></extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[[_wrap(q, 34) for q, _ in rows_order], [p for _, p in rows_order]],
        autorange="reversed",
    )
    fig.update_xaxes(title=t("consult.col_count"), gridcolor="#eee")
    fig.update_layout(
        barmode="stack",
        title={"text": t("consult.chart_title")},
        legend={
            "orientation": "h",
            "x": 0,
            "y": 1.0,
            "yanchor": "bottom",
            "traceorder": "normal",
            "title": {"text": t("consult.chart_scale")},
        },
        # A count too small to read in its segment is left to the hover and the table.
        uniformtext={"minsize": 12, "mode": "hide"},
    )
    return _layout(fig, height=max(360, 44 * len(rows_order) + 200), top=120)


def describe_consultation(distributions, t: Translator) -> str:
    question = t("consult.col_item")
    return t("consult.chart_alt", questions=distributions[question].nunique())
