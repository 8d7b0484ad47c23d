"""The presenter's three charts (areas by priority index, capacity against priority, countries by
area) and their text alternatives: a sentence and the table behind each chart.

A `Stage` holds the sizes for one kind of screen. On a projector (`PROJECTOR`) every text is 20 px
and every figure fits a 1280×720 screen in full-screen mode under the page's title and the chart
buttons (docs/presenter.md). A phone (`PHONE`) is a third as wide: smaller type, area names over
three narrower lines, the bars' values without their top-3 counts, no callouts beside the quadrants
and the heatmap's key under it, so that nothing is cut at the screen's edge.
"""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, sequential

from indicators.charts import (
    GREY_TEXT,
    PROJECTOR_FONT,
    PROJECTOR_MAX_HEIGHT,
    area_code,
    area_label,
    base_layout,
    ink_on,
    merge_layouts,
    title,
    wrap,
)
from indicators.i18n import Translator, fold
from indicators.presenter import CAPACITY_MIDPOINT, PRIORITY_MIDPOINT, QUADRANTS, LiveView
from indicators.questionnaire import Questionnaire
from indicators.scoring import MAX_INDEX


@dataclass(frozen=True)
class Stage:
    """The sizes of the presenter's charts on one kind of screen."""

    font: int  # px, every text of a figure (its title 2 px more)
    max_height: int  # px, the tallest figure
    row: int  # px a bar or heatmap row: room for an area label of `label_lines` lines
    label_width: int  # characters a line of an area label (wider if needed to keep `label_lines`)
    label_lines: int
    title_width: int  # characters a line of a figure's title: a long title wraps instead of being cut
    wide: bool  # room beside the plot: top-3 counts by the bars, callouts, the heatmap's key


# The page's own typeface (Streamlit serves it), narrower than plotly's default: longer labels fit.
# Until it has loaded the browser measures with the wider fallback, which only leaves room to spare.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", sans-serif'
# 52 px a row holds a two-line label at 20 px.
PROJECTOR = Stage(
    PROJECTOR_FONT, PROJECTOR_MAX_HEIGHT, 52, label_width=34, label_lines=2, title_width=80, wide=True
)
PHONE = Stage(font=13, max_height=900, row=54, label_width=22, label_lines=3, title_width=40, wide=False)
LABELLED_AREAS = 5  # areas named beside the quadrant chart; the others are in the hover and the table
LINE_HEIGHT = 1.3  # a line of plotly text, in font sizes
# A horizontal legend at the bottom left of the figure, under the axis title (plotly wraps it at the
# plot area's width: four round tables may take two lines).
BOTTOM_LEGEND = dict(orientation="h", x=-0.001, xref="container", y=0, yref="container", yanchor="bottom")


def _layout(stage: Stage, height: int, top: int = 30) -> dict:
    """The stage's type everywhere, and a height within the stage's."""
    axis = {"tickfont": {"size": stage.font}, "title": {"font": {"size": stage.font}}}
    return merge_layouts(
        base_layout(min(height, stage.max_height), stage.font, top, title_size=stage.font + 2),
        {
            "font": {"family": FONT_FAMILY},
            "title": {"pad": {"t": 6, "b": 0}},
            "xaxis": axis,
            "yaxis": axis,
            "legend": {"font": {"size": stage.font}},
        },
    )


def _title(key: str, view: LiveView, t: Translator, stage: Stage) -> dict:
    return title(wrap(t(key), stage.title_width), view.examples, t, stage.font)


def _figure(traces: list[dict], *layouts: dict) -> go.Figure:
    """A figure built in one go: plotly checks the whole figure once, where every update_layout call
    would check it again (several times faster, issue 14)."""
    return go.Figure({"data": traces, "layout": merge_layouts(*layouts)})


def ranked_bars(
    view: LiveView, q: Questionnaire, language: str, t: Translator, top_n: int = 10, stage: Stage = PROJECTOR
) -> go.Figure:
    """The `top_n` areas by mean priority index, highest on top, with how many chose each in their top 3.

    One trace per round table, so the legend says which colour is which table. The value labels sit
    in a right margin of fixed width, so even an index of 15 is never cut at the figure's edge.
    """
    ranked = view.ranked.head(top_n)
    label = {k: area_label(k, q, language, stage.label_width, stage.label_lines) for k in ranked["area_key"]}
    traces = []
    for theme in q.themes:
        rows = ranked[ranked["theme"] == theme]
        if rows.empty:
            continue
        values = [
            t("presenter.bar_label", index=f"{i:.1f}", top3=n) if stage.wide else f"{i:.1f}"
            for i, n in zip(rows["index"], rows["top3"], strict=True)
        ]
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
                "text": values,
                "textposition": "outside",
                "textfont": {"size": stage.font},
                "cliponaxis": False,
            }
        )
    return _figure(
        traces,
        _layout(stage, stage.row * len(ranked) + 250),
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
            "title": _title("presenter.ranked_title", view, t, stage),
            "barmode": "overlay",
            "bargap": 0.25,
            "showlegend": ranked["theme"].nunique() > 1,
            "legend": BOTTOM_LEGEND,
            # "15.0 · 5000 en top 3" at 20 px beside the bars; the legend under the axis title
            "margin": {"r": 230 if stage.wide else 45, "b": 50 if stage.wide else 40},
        },
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


# The quadrant chart's priority axis, and what lies above and below its plot (title, axis, legend).
PRIORITY_RANGE = (0.8, 3.2)
QUADRANT_HEIGHT = 600  # px, at most the stage's
QUADRANT_CHROME = 200  # px


def _callouts(
    ranked: pd.DataFrame, q: Questionnaire, language: str, labelled: int, stage: Stage
) -> list[dict]:
    """The highest-ranked areas named in the right margin, each with a line to its dot: as many of
    the first `labelled` as the plot's height holds, stacked without overlapping."""
    low, high = PRIORITY_RANGE[0] + 0.05, PRIORITY_RANGE[1]
    plot = min(stage.max_height, QUADRANT_HEIGHT) - QUADRANT_CHROME
    line = stage.font * LINE_HEIGHT * (PRIORITY_RANGE[1] - PRIORITY_RANGE[0]) / plot  # a line, in axis units
    named, texts, used = [], [], 0.0
    for key in ranked.head(labelled)["area_key"]:
        text = area_label(key, q, language, 24, lines=3)
        needed = line * (text.count("<br>") + 1 + 1 / 3)
        if used + needed > high - low:
            break
        named.append(key)
        texts.append(text)
        used += needed
    rows = ranked.set_index("area_key").loc[named].assign(text=texts).sort_values("priority", ascending=False)
    heights = _callout_heights(
        [(y, text.count("<br>") + 1) for y, text in zip(rows["priority"], rows["text"], strict=True)],
        line=line,
        low=low,
        high=high,
    )
    return [
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
            "font": {"size": stage.font},
        }
        for capacity, priority, text, height in zip(
            rows["capacity"], rows["priority"], rows["text"], heights, strict=True
        )
    ]


def quadrant_chart(
    view: LiveView,
    q: Questionnaire,
    language: str,
    t: Translator,
    labelled: int = LABELLED_AREAS,
    stage: Stage = PROJECTOR,
) -> go.Figure:
    """Mean capacity against mean priority; the quadrants say what each position calls for.

    Areas often sit close together, so only the `labelled` highest by index are named, in callouts
    stacked in the right margin with a line to their dot (on a wide stage); every area is in the hover
    and the table. One trace per round table: its colour and its own marker shape.
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
                    "size": 22 if stage.wide else 14,
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
            "font": {"size": stage.font, "color": GREY_TEXT},
        }
        for key, (x, y) in corners.items()
    ]
    if stage.wide:
        annotations += _callouts(ranked, q, language, labelled, stage)
    return _figure(
        traces,
        _layout(stage, QUADRANT_HEIGHT),
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
                "range": list(PRIORITY_RANGE),
                "title": {"text": t("presenter.priority_axis")},
                "gridcolor": "#eee",
                "dtick": 0.5,
            },
            "title": _title("presenter.quadrant_title", view, t, stage),
            "legend": BOTTOM_LEGEND,
            "showlegend": ranked["theme"].nunique() > 1,
            # the callouts: 24 characters a line at 20 px
            "margin": {"r": 340 if stage.wide else 10, "b": 50 if stage.wide else 40},
        },
    )


# The heatmap's shades, lightest for 0 and darkest for the highest index (ColorBrewer's Blues, as
# stops plotly interpolates between, so the colour of any cell can be worked out from the figure).
HEAT_SCALE = [[i / (len(sequential.Blues) - 1), colour] for i, colour in enumerate(sequential.Blues)]


def text_colour(value: float) -> str:
    """The ink of a heatmap cell's number: black or white, whichever stands out more on its blue."""
    return ink_on(sample_colorscale(HEAT_SCALE, [value / MAX_INDEX])[0])


def _heatmap_keys(view: LiveView, top_n: int | None) -> list[str]:
    """The areas the heatmap shows: the highest ranked, at most `top_n`."""
    return [k for k in view.ranked["area_key"] if k in view.heatmap.columns][:top_n]


def countries_by_name(codes, country_names: dict[str, str]) -> list[str]:
    """Country codes in the order of their names in the page's language (accents aside)."""
    return sorted(codes, key=lambda code: fold(country_names.get(code, code)))


def heatmap_chart(
    view: LiveView,
    q: Questionnaire,
    language: str,
    t: Translator,
    country_names: dict[str, str],
    top_n: int | None = None,
    stage: Stage = PROJECTOR,
) -> go.Figure:
    """Countries (rows, by name) by area (columns, by rank, headed by their codes), shaded by mean
    priority index, the value written in every cell; a key names the areas.

    Countries are the rows so that their names read across at any width; the areas' names, too long
    for a column, are in the key beside the grid (under it on a phone). With `top_n`, only the areas
    ranked highest overall, so the columns stay legible.
    """
    keys = _heatmap_keys(view, top_n)
    countries = countries_by_name(view.heatmap.index, country_names)
    matrix = view.heatmap.loc[countries, keys]
    codes = [area_code(k, q) for k in keys]
    names = [country_names.get(c, c) for c in countries]
    cells = [
        (code, name, value)
        for name, (_, row) in zip(names, matrix.iterrows(), strict=True)
        for code, value in zip(codes, row, strict=True)
        if pd.notna(value)
    ]
    heatmap = {
        "type": "heatmap",
        "z": matrix.values,
        "zmin": 0,
        "zmax": MAX_INDEX,
        "colorscale": HEAT_SCALE,
        "x": codes,
        "y": names,
        "xgap": 2,
        "ygap": 2,
        # No colour bar: every cell has its value written in it.
        "showscale": False,
        "customdata": [[area_label(k, q, language, 200) for k in keys]] * len(countries),
        "hovertemplate": "%{y} · %{customdata}: %{z:.1f}<extra></extra>",
    }
    # The values as text of their own, each in black or white for its cell (a heatmap's own text has
    # one colour, which was 3.2:1 on the middle blues).
    values = {
        "type": "scatter",
        "mode": "text",
        "x": [c[0] for c in cells],
        "y": [c[1] for c in cells],
        "text": [f"{c[2]:.1f}" for c in cells],
        "textfont": {"size": stage.font, "color": [text_colour(c[2]) for c in cells]},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    key_lines = [area_label(k, q, language, 34 if stage.wide else 28, 3) for k in keys]
    key = {
        "text": "<br>".join(
            f"<b>{code}</b>{label.removeprefix(code)}" for code, label in zip(codes, key_lines, strict=True)
        ),
        "showarrow": False,
        "align": "left",
        "xref": "paper",
        "yref": "paper",
        "font": {"size": stage.font},
    }
    lines = sum(label.count("<br>") + 1 for label in key_lines)
    line = stage.font * LINE_HEIGHT
    if stage.wide:  # beside the grid, from its top
        key.update(x=1, xanchor="left", xshift=16, y=1, yanchor="top")
        height = max(stage.row * 0.8 * len(countries), lines * line) + 150
        margin = {"t": 50, "r": 350, "b": 10}
    else:  # under it
        key.update(x=0, xanchor="left", y=0, yanchor="top", yshift=-8)
        height = stage.row * 0.8 * len(countries) + lines * line + 150
        margin = {"t": 50, "r": 10, "b": int(lines * line) + 20}
    return _figure(
        [heatmap, values],
        _layout(stage, int(height)),
        {
            "xaxis": {"side": "top", "type": "category", "tickangle": 0},
            "yaxis": {"autorange": "reversed", "type": "category"},
            "title": _title("presenter.heatmap_title", view, t, stage),
            "annotations": [key],
            "margin": margin,
        },
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
    """Mean index per area (rows, ranking order) and country (columns, by name): every area, not only
    the top."""
    keys = [k for k in view.ranked["area_key"] if k in view.heatmap.columns]
    table = view.heatmap.loc[countries_by_name(view.heatmap.index, country_names), keys].T.round(1)
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
