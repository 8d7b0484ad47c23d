"""The seminar's evaluation in the room: the consultation's knowledge before and after, and its
agreement items (satisfaction, use at work), as aggregates only, for the presenter's closing step
and the closing report.

Knowledge is compared over the participants who answered both phases (as the organisers' results
do, indicators/consultation.knowledge_change); an agreement item is asked after the seminar only.
Never a name or a personal code: the consultation knows none, and only means and counts leave here.
"""

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.charts import GREY_TEXT, PROJECTOR_FONT, PROJECTOR_MAX_HEIGHT, base_layout, merge_layouts
from indicators.consultation import Consultation, knowledge_change, long_answers
from indicators.i18n import Translator

AGREE_FROM = 4  # "De acuerdo" and "Totalmente de acuerdo" on the 1–5 agreement scale
BEFORE_COLOUR = "#9BB7D4"  # light blue: before
AFTER_COLOUR = "#0B4F8A"  # dark blue: after (8.2:1 on white)
ROW_HEIGHT = 52  # a two-line question at 20 px


@dataclass(frozen=True)
class Evaluation:
    before: int  # participants who answered "before"
    after: int  # participants who answered "after"
    knowledge: pd.DataFrame  # item, both, mean_before, mean_after, mean_change
    agreement: pd.DataFrame  # item, answered, agree, share, mean

    @property
    def empty(self) -> bool:
        return self.before == 0 and self.after == 0

    @property
    def both(self) -> int:
        return int(self.knowledge["both"].max()) if len(self.knowledge) else 0


def evaluation(responses: pd.DataFrame, c: Consultation) -> Evaluation:
    """`responses`: the store's current consultation responses (participant_id, phase, answers)."""
    answers = long_answers(responses, c)
    phases = responses.groupby("phase")["participant_id"].nunique() if len(responses) else {}
    rows = []
    for item in (i for i in c.items if i.kind == "agreement"):
        values = answers[(answers["item"] == item.key) & (answers["phase"] == "after")]["value"].astype(float)
        agree = int((values >= AGREE_FROM).sum())
        rows.append(
            {
                "item": item.key,
                "answered": len(values),
                "agree": agree,
                "share": agree / len(values) if len(values) else None,
                "mean": values.mean() if len(values) else None,
            }
        )
    knowledge = knowledge_change(answers, c)[["item", "both", "mean_before", "mean_after", "mean_change"]]
    return Evaluation(
        before=int(phases.get("before", 0)),
        after=int(phases.get("after", 0)),
        knowledge=knowledge,
        agreement=pd.DataFrame(rows, columns=["item", "answered", "agree", "share", "mean"]),
    )


def _start(texts: list[str]) -> str:
    """The words every question starts with ("¿Cuánto conoce "), or ""."""
    if len(texts) < 2:
        return ""
    common = []
    for words in zip(*(text.split(" ") for text in texts), strict=False):
        if len(set(words)) > 1:
            break
        common.append(words[0])
    return " ".join(common) + " " if common else ""


def _labels(texts: list[str], width: int = 46) -> list[str]:
    """Each question on at most two lines: the words every knowledge question starts with ("¿Cuánto
    conoce", "How much do you know about") become "…", and a longer text is cut with "…" (the table
    under the chart has every question whole)."""
    start = _start(texts)
    labels = []
    for text in texts:
        lines = textwrap.wrap(f"…{text[len(start) :]}" if start else text, width)
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
        labels.append("<br>".join(lines))
    return labels


def evaluation_figure(ev: Evaluation, c: Consultation, language: str, t: Translator) -> go.Figure:
    """Knowledge before and after (two dots joined per question) and the agreement items' means,
    on one 1–5 axis; 20 px type; at most PROJECTOR_MAX_HEIGHT tall."""
    texts = {i.key: i.text[language] for i in c.items}
    known = ev.knowledge.dropna(subset=["mean_before", "mean_after"])
    texts_of_knowledge = [texts[k] for k in known["item"]]
    agreed = ev.agreement.dropna(subset=["mean"])
    labels = _labels([texts[k] for k in known["item"]]) + _labels([texts[k] for k in agreed["item"]])
    fig = go.Figure()
    for label, before, after in zip(labels, known["mean_before"], known["mean_after"], strict=False):
        fig.add_trace(
            go.Scatter(
                x=[before, after],
                y=[label, label],
                mode="lines",
                line={"color": "#B0B0B0", "width": 4},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    marker = {"size": 20, "line": {"color": "#1a1a1a", "width": 1.5}}
    fig.add_trace(
        go.Scatter(
            x=known["mean_before"],
            y=labels[: len(known)],
            mode="markers",
            name=t("evaluation.before"),
            marker={**marker, "color": BEFORE_COLOUR, "symbol": "circle"},
        )
    )
    after_x = [*known["mean_after"], *agreed["mean"]]
    fig.add_trace(
        go.Scatter(
            x=after_x,
            y=labels,
            mode="markers+text",
            name=t("evaluation.after"),
            text=[f"{v:.1f}" for v in after_x],
            textposition="middle right",
            textfont={"size": PROJECTOR_FONT, "color": GREY_TEXT},
            marker={**marker, "color": AFTER_COLOUR, "symbol": "diamond"},
        )
    )
    height = min(PROJECTOR_MAX_HEIGHT, ROW_HEIGHT * max(len(labels), 1) + 200)
    axis_font = {"size": PROJECTOR_FONT}
    subtitle = t("evaluation.subtitle", start=_start(texts_of_knowledge).strip(), both=ev.both)
    overrides = {
        # Room at the top for the title, its subtitle and, under them, the legend's row.
        "margin": {"r": 40, "t": 125},
        "title": {
            "text": f"<b>{t('evaluation.title')}</b>",
            "subtitle": {"text": subtitle, "font": {"size": PROJECTOR_FONT, "color": GREY_TEXT}},
            "pad": {"t": 8, "b": 0},
            "automargin": False,
        },
        "legend": {
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1.01,
            "yanchor": "bottom",
            "font": axis_font,
        },
    }
    fig.update_layout(merge_layouts(base_layout(height, PROJECTOR_FONT, top=125), overrides))
    fig.update_xaxes(
        range=[0.8, 5.6],
        dtick=1,
        gridcolor="#e5e5e5",
        title={"text": t("evaluation.axis"), "font": axis_font},
        tickfont=axis_font,
        automargin=True,
    )
    fig.update_yaxes(autorange="reversed", tickfont=axis_font, automargin=True)
    return fig


def describe_evaluation(ev: Evaluation, c: Consultation, language: str, t: Translator) -> str:
    """One paragraph for screen readers and the table under the chart: every figure in words."""
    texts = {i.key: i.text[language] for i in c.items}
    parts = [t("evaluation.alt_counts", before=ev.before, after=ev.after, both=ev.both)]
    for row in ev.knowledge.dropna(subset=["mean_change"]).itertuples():
        parts.append(
            t(
                "evaluation.alt_knowledge",
                question=texts[row.item],
                before=f"{row.mean_before:.1f}",
                after=f"{row.mean_after:.1f}",
            )
        )
    for row in ev.agreement[ev.agreement["answered"] > 0].itertuples():
        parts.append(
            t("evaluation.alt_agreement", question=texts[row.item], agree=row.agree, answered=row.answered)
        )
    return " ".join(parts)


def evaluation_table(ev: Evaluation, c: Consultation, language: str, t: Translator) -> pd.DataFrame:
    """The figures under the chart, headed in the page's language."""
    texts = {i.key: i.text[language] for i in c.items}
    rows = [
        {
            t("consult.col_question"): texts[r.item],
            t("evaluation.col_answered"): r.both,
            t("evaluation.before"): None if pd.isna(r.mean_before) else round(r.mean_before, 2),
            t("evaluation.after"): None if pd.isna(r.mean_after) else round(r.mean_after, 2),
            t("evaluation.col_agree"): "",
        }
        for r in ev.knowledge.itertuples()
    ]
    rows += [
        {
            t("consult.col_question"): texts[r.item],
            t("evaluation.col_answered"): r.answered,
            t("evaluation.before"): None,
            t("evaluation.after"): None if pd.isna(r.mean) else round(r.mean, 2),
            t("evaluation.col_agree"): f"{r.agree} / {r.answered}",
        }
        for r in ev.agreement.itertuples()
    ]
    return pd.DataFrame(rows)
