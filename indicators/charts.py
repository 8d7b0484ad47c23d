"""Plotly figures of the priority index, readable on a projector (large type, few colours).

Every figure built from example data says so in its title, so a screenshot cannot pass for real.
"""

import textwrap

import plotly.graph_objects as go

from indicators.i18n import Translator
from indicators.presenter import CAPACITY_MIDPOINT, PRIORITY_MIDPOINT, LiveView
from indicators.questionnaire import THEME_COLOURS, Questionnaire
from indicators.results import ANSWERS
from indicators.scoring import MAX_INDEX

FONT_SIZE = 18


def _title(text: str, examples: int, t: Translator) -> str:
    return f"{text} — {t('presenter.example_tag')}" if examples else text


def _wrap(text: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(text, width))


def area_code(area_key: str, q: Questionnaire) -> str:
    """ "2.3" for the third area of round table 2: short enough to label a dot on a projector."""
    area = q.area_by_key[area_key]
    return f"{q.theme_number(area.theme)}.{[a.key for a in q.areas_of(area.theme)].index(area_key) + 1}"


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_yaxes(automargin=True)
    fig.update_layout(
        height=height,
        font={"size": FONT_SIZE},
        margin={"l": 10, "r": 30, "t": 70, "b": 10},
        plot_bgcolor="white",
        title={"font": {"size": FONT_SIZE + 6}},
    )
    return fig


def ranked_bars(view: LiveView, q: Questionnaire, language: str, t: Translator, top_n: int = 10) -> go.Figure:
    """The `top_n` areas by mean priority index, highest on top, with how many chose each in their top 3.

    One trace per round table, so the legend says which colour is which table.
    """
    ranked = view.ranked.head(top_n)
    label = {k: _wrap(f"{area_code(k, q)} {q.area_by_key[k].name[language]}", 44) for k in ranked["area_key"]}
    fig = go.Figure()
    for theme in q.themes:
        rows = ranked[ranked["theme"] == theme]
        if rows.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=rows["index"],
                y=[label[k] for k in rows["area_key"]],
                orientation="h",
                name=t("sa.theme_short", n=q.theme_number(theme)),
                marker_color=THEME_COLOURS[theme],
                text=[
                    t("presenter.bar_label", index=f"{i:.1f}", top3=n)
                    for i, n in zip(rows["index"], rows["top3"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
            )
        )
    # plotly draws the first category at the bottom: list them lowest first so the highest is on top
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[label[k] for k in ranked["area_key"]][::-1],
        tickfont={"size": FONT_SIZE - 3},
    )
    fig.update_xaxes(range=[0, MAX_INDEX], title=t("presenter.index_axis"), gridcolor="#e5e5e5")
    fig.update_layout(
        title=_title(t("presenter.ranked_title"), view.examples, t),
        barmode="overlay",
        showlegend=ranked["theme"].nunique() > 1,
        legend={"orientation": "h", "y": -0.15},
    )
    return _layout(fig, height=max(420, 56 * len(ranked) + 170))


def quadrant_chart(view: LiveView, q: Questionnaire, language: str, t: Translator) -> go.Figure:
    """Mean capacity against mean priority; the quadrants say what each position calls for."""
    ranked = view.ranked
    fig = go.Figure(
        go.Scatter(
            x=ranked["capacity"],
            y=ranked["priority"],
            mode="markers+text",
            text=[area_code(k, q) for k in ranked["area_key"]],
            textposition="top center",
            textfont={"size": FONT_SIZE - 4},
            marker={
                "size": [18 + 4 * n**0.5 for n in ranked["top3"]],
                "color": [THEME_COLOURS[th] for th in ranked["theme"]],
                "opacity": 0.8,
            },
            hovertext=[f"{area_code(k, q)} {q.area_by_key[k].name[language]}" for k in ranked["area_key"]],
            hoverinfo="text",
        )
    )
    fig.add_vline(x=CAPACITY_MIDPOINT, line_dash="dash", line_color="#999")
    fig.add_hline(y=PRIORITY_MIDPOINT, line_dash="dash", line_color="#999")
    corners = {
        "act_now": (0.05, 3.05),
        "sustain": (3.95, 3.05),
        "prepare": (0.05, 0.95),
        "monitor": (3.95, 0.95),
    }
    for key, (x, y) in corners.items():
        fig.add_annotation(
            x=x,
            y=y,
            text=f"<b>{t(f'presenter.quadrant_{key}')}</b>",
            showarrow=False,
            xanchor="left" if x < 2 else "right",
            font={"size": FONT_SIZE, "color": "#555"},
        )
    fig.update_xaxes(range=[-0.2, 4.2], title=t("presenter.capacity_axis"), gridcolor="#eee")
    fig.update_yaxes(range=[0.8, 3.2], title=t("presenter.priority_axis"), gridcolor="#eee")
    fig.update_layout(title=_title(t("presenter.quadrant_title"), view.examples, t))
    return _layout(fig, height=630)


def heatmap_chart(
    view: LiveView, q: Questionnaire, language: str, t: Translator, country_names: dict[str, str]
) -> go.Figure:
    """Countries by area, coloured by mean priority index."""
    matrix = view.heatmap
    fig = go.Figure(
        go.Heatmap(
            z=matrix.values,
            zmin=0,
            zmax=MAX_INDEX,
            colorscale="Blues",
            x=[area_code(k, q) for k in matrix.columns],
            y=[country_names.get(c, c) for c in matrix.index],
            colorbar={"title": {"text": t("presenter.index_axis")}},
            customdata=[[q.area_by_key[k].name[language] for k in matrix.columns]] * len(matrix.index),
            hovertemplate="%{y} · %{x} %{customdata}: %{z:.1f}<extra></extra>",
        )
    )
    fig.update_layout(title=_title(t("presenter.heatmap_title"), view.examples, t))
    return _layout(fig, height=max(360, 60 * len(matrix.index) + 260))


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
        title=_title(t("profile.answers_title"), int(examples), t),
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_xaxes(title=t("profile.answers_axis"), gridcolor="#eee", dtick=1)
    return _layout(fig, height=max(320, 34 * len(groups) + 200))


def consultation_chart(distributions, t: Translator) -> go.Figure:
    """Answers per question, before and after side by side (translated table from exports)."""
    question, phase, label, count = (t(f"consult.col_{k}") for k in ("item", "phase", "label", "count"))
    fig = go.Figure()
    for name, rows in distributions.groupby(phase, sort=False):
        fig.add_trace(
            go.Bar(
                x=[f"{_wrap(q, 40)}<br>{lab}" for q, lab in zip(rows[question], rows[label], strict=True)],
                y=rows[count],
                name=name,
            )
        )
    fig.update_layout(barmode="group", title=t("consult.chart_title"), legend={"orientation": "h", "y": 1.1})
    fig.update_xaxes(tickfont={"size": 10})
    return _layout(fig, height=520)
