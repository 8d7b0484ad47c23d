"""How each round table looks in every chart and report: a colour, a marker and a fill pattern.

Indexed by the table's position in data/seminar.toml, never by its key, so a seminar with other or more
round tables needs no code: the styles have room for eight tables (the seminar file is refused beyond
that). Colours are the Okabe–Ito set (safe for colour blindness); each table also has its own marker
and bar pattern, so the tables stay apart in grey print and for readers who do not tell colours apart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeStyle:
    colour: str
    symbol: str  # a plotly marker symbol
    pattern: str  # a plotly bar fill pattern ("" is solid)


THEME_STYLES = (
    ThemeStyle("#0072B2", "circle", ""),
    ThemeStyle("#E69F00", "square", "/"),
    ThemeStyle("#009E73", "diamond", "."),
    ThemeStyle("#CC79A7", "triangle-up", "x"),
    ThemeStyle("#56B4E9", "cross", "\\"),
    ThemeStyle("#D55E00", "star", "-"),
    ThemeStyle("#F0E442", "hexagon", "|"),
    ThemeStyle("#000000", "triangle-down", "+"),
)
MAX_ROUND_TABLES = len(THEME_STYLES)


def theme_style(number: int) -> ThemeStyle:
    """The style of round table `number` (1 for the first of the seminar file)."""
    return THEME_STYLES[(number - 1) % MAX_ROUND_TABLES]
