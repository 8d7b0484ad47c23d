"""The presenter's figure of the proposed actions as words (indicators/words.py): a bar per word or
phrase, most mentioned on top, readable on a projector (20 px type), with its one-sentence text
alternative and its table. Example data says so under the title, as on every presenter chart.
"""

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import Translator
from indicators.words import Term

FONT = 20  # every text at least 20 px: read at the back of a room
EXAMPLE_COLOUR = "#A63D00"  # the presenter's example-data colour (6.6:1 on white)
BAR_COLOUR = "#0072B2"  # Okabe–Ito blue: one series, one colour
PHRASE_COLOUR = "#005A8C"  # a darker blue, and the phrase in bold: told apart without the colour
ROW = 40  # px a bar and its one-line label take
FRAME = 150  # px of title, subtitle, axis and margins around the bars
# Under the title and the stepper of a 1280×720 projector in full screen; with six steps the stepper
# takes two rows there (tests/e2e/test_room.py).
MAX_HEIGHT = 440


def words_figure(terms: list[Term], t: Translator, actions: int, examples: int) -> go.Figure:
    """Bars of how many proposed actions mention each term, most on top; phrases in bold."""
    shown = list(reversed(terms))  # plotly draws the first category at the bottom
    labels = [f"<b>{term.text}</b>" if term.phrase else term.text for term in shown]
    title = {"text": f"<b>{t('room.words_title')}</b>"}
    if examples:
        title["subtitle"] = {
            "text": f"<b>{t('room.words_examples', count=examples, total=actions)}</b>",
            "font": {"size": FONT, "color": EXAMPLE_COLOUR},
        }
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [term.count for term in shown],
        "y": labels,
        "text": [str(term.count) for term in shown],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": [PHRASE_COLOUR if term.phrase else BAR_COLOUR for term in shown]},
        "hovertemplate": "%{y}: %{x}<extra></extra>",
        "textfont": {"size": FONT},
    }
    most = max((term.count for term in terms), default=1)
    layout = {
        "height": min(MAX_HEIGHT, FRAME + ROW * max(len(terms), 1)),
        "font": {"size": FONT, "color": "#1a1a1a"},
        "plot_bgcolor": "white",
        "margin": {"l": 10, "r": 60, "t": 90 if examples else 60, "b": 10},
        "title": {**title, "x": 0, "xanchor": "left", "xref": "container", "font": {"size": FONT + 6}},
        "xaxis": {
            "title": {"text": t("room.words_axis"), "font": {"size": FONT}, "standoff": 12},
            "automargin": True,
            "tickfont": {"size": FONT},
            "range": [0, most * 1.15],
            "tickformat": "d",  # whole numbers of actions
            "nticks": 6,
            "gridcolor": "#DDDDDD",
        },
        "yaxis": {"tickfont": {"size": FONT}, "automargin": True},
        "showlegend": False,
    }
    return go.Figure({"data": [trace], "layout": layout})


def describe_words(terms: list[Term], t: Translator, actions: int) -> str:
    """The figure in one sentence, for screen readers and the table's caption."""
    listed = ", ".join(t("room.words_item", term=term.text, count=term.count) for term in terms)
    return t("room.words_alt", actions=actions, count=len(terms), terms=listed)


def words_table(terms: list[Term], t: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("room.col_term"): [term.text for term in terms],
            t("room.col_kind"): [
                t("room.kind_phrase" if term.phrase else "room.kind_word") for term in terms
            ],
            t("room.col_mentions"): [term.count for term in terms],
        }
    )
