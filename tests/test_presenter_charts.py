"""indicators/presenter_charts.py: the presenter's bars, quadrants and heatmap on a projector and a
phone; the heatmap's numbers readable on every shade, its countries in name order."""

import itertools

import numpy as np
import pytest

from indicators import presenter_charts as charts
from indicators.charts import area_code, area_label
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from tests.conftest import complete
from tests.oracles import live_view

T = Translator("es")
Q = load_questionnaire()
# Five countries whose ISO codes sort differently from their names in either language.
PLACES = (("slv-la-palma", 0), ("hnd-omoa", 4), ("gtm-san-marcos", 1), ("mex-sonora", 2), ("can-montreal", 3))
NAMES = {
    "es": {"SLV": "El Salvador", "HND": "Honduras", "GTM": "Guatemala", "MEX": "México", "CAN": "Canadá"},
    "en": {"SLV": "El Salvador", "HND": "Honduras", "GTM": "Guatemala", "MEX": "Mexico", "CAN": "Canada"},
}


@pytest.fixture
def view(store):
    """Assessments in five countries, capacities 0 to 4, so the cells take every shade of blue."""
    known = set(store.places()["place_id"])
    for place, capacity in PLACES:
        assert place in known, place
        assessment_id, _ = store.create_assessment(place)
        store.submit_assessment(assessment_id, complete(place, capacity=capacity), Q, "test")
    return live_view(store.submitted_answers(), Q)


def test_ranked_bars_show_the_top_areas_highest_on_top_one_colour_per_table(view):
    fig = charts.ranked_bars(view, Q, "es", T, top_n=8)
    shown = [label for trace in fig.data for label in trace.y]
    assert len(shown) == 8 and len(fig.data) == view.ranked.head(8)["theme"].nunique()
    order = list(fig.layout.yaxis.categoryarray)[::-1]  # plotly draws the first category at the bottom
    assert order[0] == area_label(view.ranked["area_key"].iloc[0], Q, "es")
    assert "en top 3" in fig.data[0].text[0]
    assert charts.describe_ranked(view, Q, "es", T, 8).startswith("Barras horizontales de las 8 áreas")
    # A 1280×720 screen in full-screen mode holds the figure under the title and the chart buttons.
    assert fig.layout.height <= charts.PROJECTOR.max_height


@pytest.mark.parametrize("language", ["es", "en"])
def test_heatmap_rows_are_countries_in_name_order_never_turned_on_their_side(view, language):
    """ISO order put El Salvador last (SLV); the names read across, the areas head the columns by code."""
    t = Translator(language)
    fig = charts.heatmap_chart(view, Q, language, t, NAMES[language], top_n=5)
    heat = fig.data[0]
    expected = {
        "es": ["Canadá", "El Salvador", "Guatemala", "Honduras", "México"],
        "en": ["Canada", "El Salvador", "Guatemala", "Honduras", "Mexico"],
    }[language]
    assert list(heat.y) == expected
    keys = list(view.ranked["area_key"][:5])
    assert list(heat.x) == [area_code(k, Q) for k in keys]  # ranking order
    assert fig.layout.xaxis.tickangle == 0 and heat.showscale is False
    key = fig.layout.annotations[0].text  # the key: every column's area by name
    assert all(Q.area_by_key[k].name[language].split()[0] in key for k in keys)
    table = charts.heatmap_table(view, Q, language, NAMES[language], t)
    assert len(table) == len(Q.areas) and list(table.columns[1:]) == expected


def _interpolate(scale, value: float) -> tuple[float, ...]:
    """The colour plotly draws for `value` (0–1) on a colour scale of [position, "rgb(…)"] stops."""
    stops = [(position, [float(c) for c in colour[4:-1].split(",")]) for position, colour in scale]
    for (low, low_rgb), (high, high_rgb) in itertools.pairwise(stops):
        if low <= value <= high:
            share = (value - low) / (high - low)
            return tuple(a + (b - a) * share for a, b in zip(low_rgb, high_rgb, strict=True))
    raise AssertionError(value)


def _luminance(rgb) -> float:
    linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("stage", [charts.PROJECTOR, charts.PHONE], ids=["projector", "phone"])
def test_every_number_on_the_heatmap_reaches_4_5_to_1_on_its_cell(view, stage):
    """Worked out from the figure itself: each cell's colour from the heatmap's own colour scale and
    range, against the colour its number is written in (dark numbers on mid blues were 3.2:1)."""
    fig = charts.heatmap_chart(view, Q, "es", T, NAMES["es"], stage=stage)
    heat, numbers = fig.data
    z = np.asarray(heat.z, dtype=float)
    assert numbers.mode == "text" and len(numbers.text) == np.count_nonzero(~np.isnan(z))
    shades = set()
    for x, y, text, colour in zip(numbers.x, numbers.y, numbers.text, numbers.textfont.color, strict=True):
        value = z[list(heat.y).index(y), list(heat.x).index(x)]
        assert text == f"{value:.1f}"
        cell = _interpolate(heat.colorscale, (value - heat.zmin) / (heat.zmax - heat.zmin))
        ink = [float(c) for c in colour[4:-1].split(",")]
        light, dark = sorted((_luminance(cell), _luminance(ink)), reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, f"{text} on {cell}: {ratio:.2f}:1"
        shades.add(round(value))
    assert len(shades) >= 5  # light, middle and dark cells were all checked


def test_on_a_phone_the_charts_keep_to_what_a_narrow_screen_holds(view):
    """Values without their top-3 counts, no callouts beside the quadrants, the key under the grid,
    smaller type, titles short enough for the width."""
    bars = charts.ranked_bars(view, Q, "es", T, 7, charts.PHONE)
    assert all("top 3" not in text for trace in bars.data for text in trace.text)
    assert bars.layout.margin.r < 60 and bars.layout.font.size == charts.PHONE.font
    quadrants = charts.quadrant_chart(view, Q, "es", T, stage=charts.PHONE)
    assert len(quadrants.layout.annotations) == 4  # the quadrants' names only
    heat = charts.heatmap_chart(view, Q, "es", T, NAMES["es"], 7, charts.PHONE)
    assert heat.layout.annotations[0].yanchor == "top" and heat.layout.annotations[0].y == 0
    assert all(len(line) <= charts.PHONE.title_width for line in heat.layout.title.text.split("<br>"))


def test_callouts_stay_within_the_plot_and_apart(view):
    """As many of the top areas as the plot's height holds, each label clear of the next."""
    fig = charts.quadrant_chart(view, Q, "es", T, labelled=5)
    callouts = [a for a in fig.layout.annotations if a.showarrow]
    assert 3 <= len(callouts) <= 5
    line = 20 * charts.LINE_HEIGHT * 2.4 / (charts.QUADRANT_HEIGHT - charts.QUADRANT_CHROME)
    spans = sorted(
        (a.ay - line * (a.text.count("<br>") + 1) / 2, a.ay + line * (a.text.count("<br>") + 1) / 2)
        for a in callouts
    )
    assert spans[0][0] >= charts.PRIORITY_RANGE[0] and spans[-1][1] <= charts.PRIORITY_RANGE[1] + 1e-9
    assert all(low_top <= high_bottom + 1e-9 for (_, low_top), (high_bottom, _) in itertools.pairwise(spans))
