"""What the presenter screen shows during Session 2: aggregates only, never a name.

`stored_live_view` computes the figures of the screen in DuckDB from the submitted answers: counts,
areas ranked by priority index with how many put each in their top 3, capacity against priority in
four quadrants, and countries by area (tests/oracles.py has the same from answer rows in pandas, the
readable reference the tests compare with). The charts themselves are built by indicators/charts.py.
"""

import base64
import io
from dataclasses import dataclass

import pandas as pd
import segno

from indicators import aggregates
from indicators.questionnaire import Questionnaire

# Quadrants of mean capacity (0–4) against mean priority (1–3), split at the middle of each scale.
CAPACITY_MIDPOINT = 2.0
PRIORITY_MIDPOINT = 2.0
QUADRANTS = ("act_now", "sustain", "prepare", "monitor")


def quadrant(capacity: float, priority: float) -> str:
    """High priority and low capacity: act now; high and high: sustain; low and low: prepare; else monitor."""
    high_priority = priority >= PRIORITY_MIDPOINT
    low_capacity = capacity < CAPACITY_MIDPOINT
    if high_priority:
        return "act_now" if low_capacity else "sustain"
    return "prepare" if low_capacity else "monitor"


def join_qr_png(url: str) -> str:
    """The QR code of the form's address as a base64 PNG (a few milliseconds: the view caches it)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=5, border=2)
    return base64.b64encode(buffer.getvalue()).decode()


@dataclass(frozen=True)
class LiveView:
    responses: int
    local_governments: int
    countries: int
    examples: int  # example assessments among the responses
    ranked: pd.DataFrame  # one row per area: theme, area_key, index, capacity, priority, top3, quadrant
    heatmap: pd.DataFrame  # mean index, countries (rows) × area keys (columns)


def stored_live_view(store, q: Questionnaire, theme: str | None = None, charts: bool = True) -> LiveView:
    """The screen's figures for one round table (`theme`) or all; without `charts` (results hidden),
    only the counts are computed."""
    keys = [a.key for a in q.areas_of(theme)] if theme is not None else None
    if charts:
        counts, sums = aggregates.counts_and_sums(store, q, area_keys=keys)  # one scan serves all figures
    else:
        counts, sums = aggregates.scope_counts(store, q, area_keys=keys), pd.DataFrame()
    if counts["responses"] and not sums.empty:
        ranked = aggregates.rank(sums, q, "region").drop(columns="group")
        heatmap = aggregates.country_area_index(sums, q)
    else:
        ranked, heatmap = pd.DataFrame(columns=aggregates.RANK_COLUMNS), pd.DataFrame()
    return LiveView(**counts, ranked=with_quadrants(ranked), heatmap=heatmap)


def with_quadrants(ranked: pd.DataFrame) -> pd.DataFrame:
    """Quadrants added, and the areas in screen order: highest index first, then most top-3 choices."""
    ranked = ranked.copy()
    ranked["quadrant"] = [quadrant(c, p) for c, p in zip(ranked["capacity"], ranked["priority"], strict=True)]
    return ranked.sort_values(["index", "top3"], ascending=False, kind="stable").reset_index(drop=True)
