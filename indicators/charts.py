"""Plotly figures of the pages (a profile's answers, the consultation's results) and what every chart
shares: the title with its example-data label, area codes and labels, and the base layout. The
presenter's projector charts are in indicators/presenter_charts.py.

Every figure built from example data says so in its title, so a screenshot cannot pass for real.
"""

import textwrap

import plotly.graph_objects as go

from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire
from indicators.results import ANSWERS

PAGE_FONT = 16  # charts on ordinary pages, read at arm's length
# Projector type: every text of a projector chart is at least 20 px, readable at the back of a room.
PROJECTOR_FONT = 20
# The tallest projector chart: in full-screen mode at 1280×720 the page's title and the chart buttons
# take about 105 px, and the chart must show whole under them (tests/e2e/test_projector.py).
PROJECTOR_MAX_HEIGHT = 610
EXAMPLE_COLOUR = "#A63D00"  # a dark Okabe–Ito vermilion: stands out, 6.6:1 on white
GREY_TEXT = "#4D4D4D"


def title(text: str, examples: int, t: Translator, size: int = PAGE_FONT) -> dict:
    """The title, and under it the example-data label, so neither is cut on a narrow screen."""
    heading = {"text": f"<b>{text}</b>"}
    if examples:
        heading["subtitle"] = {
            "text": f"<b>{t('presenter.example_tag')}</b>",
            "font": {"size": size + 2, "color": EXAMPLE_COLOUR},
        }
    return heading


def _luminance(rgb: str) -> float:
    """WCAG relative luminance of "rgb(r, g, b)" (components 0–255, possibly fractional)."""
    channels = [float(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two "rgb(…)" colours, 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BLACK, WHITE = "rgb(0, 0, 0)", "rgb(255, 255, 255)"


def ink_on(background: str) -> str:
    """Black or white, whichever stands out more on `background` ("rgb(…)"): any colour reaches at
    least 4.58:1 with one of the two (WCAG asks 4.5:1 for text)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def wrap(text: str, width: int = 38) -> str:
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
    return wrap(text, width)


def merge_layouts(*layouts: dict) -> dict:
    """Layout dicts merged in order, nested dicts key by key (as plotly's update_layout does)."""
    merged: dict = {}
    for layout in layouts:
        for key, value in layout.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                value = merge_layouts(merged[key], value)
            merged[key] = value
    return merged


def base_layout(
    height: int, font_size: int = PAGE_FONT, top: int = 70, title_size: int | None = None
) -> dict:
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
            "font": {"size": title_size or font_size + 6},
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
    return fig.update_layout(base_layout(height, font_size, top))


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
                y=[wrap(g, 48) for g in rows["group"]],
                orientation="h",
                name=t(f"answers.{answer}"),
                marker_color=colour,
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[wrap(g, 48) for g in groups][::-1])
    fig.update_layout(
        barmode="stack",
        title=title(t("profile.answers_title"), int(examples), t, PAGE_FONT),
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
                y=[[wrap(q, 34) for q in rows[question]], list(rows[phase])],
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
        categoryarray=[[wrap(q, 34) for q, _ in rows_order], [p for _, p in rows_order]],
        autorange="reversed",
    )
    # Counts of people: whole numbers on the axis. Plotly steps a short range by 0.2 or 0.5 ("0, 0.2 …
    # 1" for one participant); up to 10 a step of 1, beyond that its own steps, whole by then.
    most = distributions.groupby([question, phase])[count].sum().max()
    fig.update_xaxes(
        title=t("consult.col_count"), gridcolor="#eee", tickformat="d", dtick=1 if most <= 10 else None
    )
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
