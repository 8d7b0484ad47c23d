"""The presenter's follow-up charts: commitments by status per round table, and the areas whose mean
capacity moved most since a chosen round. Aggregates only, never a place's name, never a ranking of
places; text 20 px, sized for a 1280×720 projector. Each figure comes with the sentence a screen reader
reads and the table under the chart.

A status is told apart by its colour (Okabe–Ito), a pattern and its count written in the bar; a change
by its sign written beside the bar, not by colour alone.
"""

import textwrap

import pandas as pd
import plotly.graph_objects as go

from indicators.commitments import STATUSES
from indicators.i18n import Translator
from indicators.questionnaire import Questionnaire

FONT = 20
# Under the title, the step buttons, the round's choice and the counts of a 1280×720 screen.
HEIGHT = 420
STATUS_STYLE = {  # colour, pattern over it, text colour on it (4.5:1 or more)
    "planned": ("#56B4E9", "", "#000000"),
    "in_progress": ("#0072B2", "/", "#FFFFFF"),
    "done": ("#009E73", "", "#000000"),
    "stalled": ("#E69F00", "x", "#000000"),
    "dropped": ("#BBBBBB", ".", "#000000"),
}
UP, DOWN = "#0072B2", "#D55E00"
MOVED = 3  # areas shown going up, and going down (every area is in the table under the chart)


def _label(text: str, width: int = 34) -> str:
    lines = textwrap.wrap(text, width)
    return "<br>".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def _layout(title: str, subtitle: str, height: int = HEIGHT) -> dict:
    """20 px text; the title on one line, what it rests on (and any example data) under it."""
    lines = textwrap.wrap(subtitle, 90)
    return {
        "height": height + 26 * max(0, len(lines) - 1),
        "font": {"size": FONT, "color": "#1a1a1a"},
        "title": {
            "text": f"<b>{title}</b>",
            "subtitle": {"text": "<br>".join(lines), "font": {"size": FONT - 2}},
            "x": 0,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
        },
        "margin": {"l": 20, "r": 90, "t": 64 + 26 * len(lines), "b": 70},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "legend": {"orientation": "h", "y": -0.18, "x": 0, "font": {"size": FONT}},
    }


def status_by_theme(counts: pd.DataFrame, q: Questionnaire) -> pd.DataFrame:
    """commitments.status_counts(by="theme") summed over rounds: a row per round table (in the
    seminar's order, those with none left out), a column per status and the total."""
    if counts.empty:
        return pd.DataFrame(columns=["theme", *STATUSES, "total"])
    summed = counts.groupby("theme")[[*STATUSES, "total"]].sum()
    return summed.reindex([th for th in q.themes if th in summed.index]).reset_index()


def commitments_figure(
    table: pd.DataFrame, q: Questionnaire, t: Translator, title: str, subtitle: str
) -> go.Figure:
    """Stacked bars: a round table per row (Mesa 1 on top), a segment per status with its count."""
    names = [t("sa.theme_short", n=q.theme_number(theme)) for theme in table["theme"]]
    traces = []
    for status in STATUSES:
        colour, pattern, ink = STATUS_STYLE[status]
        traces.append(
            go.Bar(
                x=table[status],
                y=names,
                orientation="h",
                name=t(f"commitments.status_{status}"),
                marker={
                    "color": colour,
                    # Over the colour (bgcolor), faint: the count written in the bar stays readable.
                    "pattern": {
                        "shape": pattern,
                        "bgcolor": colour,
                        "fgcolor": ink,
                        "fgopacity": 0.3,
                        "size": 12,
                        "solidity": 0.12,
                    },
                    "line": {"color": "#1a1a1a", "width": 1},
                },
                text=[str(v) if v else "" for v in table[status]],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": FONT, "color": ink},
                hovertemplate="%{y} · " + t(f"commitments.status_{status}") + ": %{x}<extra></extra>",
            )
        )
    figure = go.Figure(traces)
    figure.update_layout(
        _layout(title, subtitle),
        barmode="stack",
        yaxis={"categoryorder": "array", "categoryarray": names[::-1], "automargin": True},
        xaxis={"gridcolor": "#e5e5e5"},  # the title says what is counted
        legend={"traceorder": "normal", "orientation": "h", "y": -0.12, "x": 0, "font": {"size": FONT}},
    )
    return figure


def describe_commitments(table: pd.DataFrame, q: Questionnaire, t: Translator) -> str:
    parts = [
        t(
            "followup_chart.theme_sentence",
            table=t("sa.theme_short", n=q.theme_number(row["theme"])),
            total=int(row["total"]),
            done=int(row["done"]),
            in_progress=int(row["in_progress"]),
        )
        for row in table.to_dict("records")
    ]
    return " ".join([t("followup_chart.commitments_alt"), *parts])


def commitments_data(table: pd.DataFrame, q: Questionnaire, lang: str, t: Translator) -> pd.DataFrame:
    shown = pd.DataFrame({t("commitments.col_theme"): [q.themes[th][lang] for th in table["theme"]]})
    for status in (*STATUSES, "total"):
        shown[t(f"commitments.status_{status}")] = table[status].astype(int).tolist()
    return shown


def moved(change: pd.DataFrame, most: int = MOVED) -> pd.DataFrame:
    """The areas whose mean capacity went up most and down most (no change is neither): at most
    `most` each, largest change on top."""
    known = change.dropna(subset=["capacity_change"])
    up = known[known["capacity_change"] > 0].nlargest(most, "capacity_change")
    down = known[known["capacity_change"] < 0].nsmallest(most, "capacity_change")
    return pd.concat([up, down.iloc[::-1]]).reset_index(drop=True)


def change_figure(
    shown: pd.DataFrame, q: Questionnaire, lang: str, t: Translator, title: str, subtitle: str
) -> go.Figure:
    """Bars from zero, right for areas whose mean capacity went up, left for down, the change written
    beside each with its sign."""
    labels = [_label(q.area_by_key[k].name[lang]) for k in shown["area_key"]]
    values = shown["capacity_change"].tolist()
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker={
                "color": [UP if v > 0 else DOWN for v in values],
                "line": {"color": "#1a1a1a", "width": 1},
                "pattern": {"shape": ["" if v > 0 else "/" for v in values]},
            },
            text=[f"{v:+.2f}" for v in values],
            textposition="outside",
            textfont={"size": FONT},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        )
    )
    reach = max([abs(v) for v in values] + [0.5]) * 1.35
    figure.update_layout(
        _layout(title, subtitle, max(300, 52 * len(values) + 190)),
        showlegend=False,
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "automargin": True},
        xaxis={
            "range": [-reach, reach],
            "zeroline": True,
            "zerolinecolor": "#1a1a1a",
            "zerolinewidth": 2,
            "title": {"text": t("followup_chart.change_axis")},
            "gridcolor": "#e5e5e5",
        },
    )
    return figure


def describe_change(shown: pd.DataFrame, q: Questionnaire, lang: str, t: Translator, places: int) -> str:
    ups = [
        q.area_by_key[k].name[lang]
        for k, v in zip(shown["area_key"], shown["capacity_change"], strict=True)
        if v > 0
    ]
    downs = [
        q.area_by_key[k].name[lang]
        for k, v in zip(shown["area_key"], shown["capacity_change"], strict=True)
        if v < 0
    ]
    return t(
        "followup_chart.change_alt", places=places, up="; ".join(ups) or "—", down="; ".join(downs) or "—"
    )


def change_data(change: pd.DataFrame, q: Questionnaire, lang: str, t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("commitments.col_area"): [q.area_by_key[k].name[lang] for k in change["area_key"]],
            t("change.pdf_capacity_before"): change["capacity_before"].round(2),
            t("change.pdf_capacity_after"): change["capacity_after"].round(2),
            t("change.col_capacity_change"): change["capacity_change"].round(2),
            t("change.pdf_priority_before"): change["priority_before"].round(2),
            t("change.pdf_priority_after"): change["priority_after"].round(2),
            t("change.col_priority_change"): change["priority_change"].round(2),
            t("change.col_places"): change["places"].astype(int),
        }
    )
