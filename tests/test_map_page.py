"""The map page's wording and view (AppTest): the boundary credits in the page's language, a status
filter that cannot be taken for the level "Estado", and the view zooming to the countries chosen."""

import json
import re

import pytest

from indicators import mapview
from ui import routes

MAP = routes.script("map")


def credits(at) -> str:
    """The credits under the map as a reader sees them: link targets and Markdown escapes left out."""
    text = next(c.value for c in at.caption if c.value.startswith(("Límites:", "Boundaries:")))
    return re.sub(r"\(<[^>]*>\)", "", text).replace("\\", "")


@pytest.mark.parametrize(
    "lang, ours, not_ours",
    [
        (
            "es",
            ["dominio público (Natural Earth)", "paquete con licencia ISC", "licencia MIT"],
            ["Public", "package"],
        ),
        ("en", ["public domain (Natural Earth)", "package under the ISC licence"], ["dominio", "paquete"]),
    ],
)
def test_boundary_credits_are_in_the_pages_language_titles_as_given(app, lang, ours, not_ours):
    at = app(MAP, lang=lang)
    text = credits(at)
    assert all(words in text for words in ours), text
    assert not any(words in text for words in not_ours), text
    # The sources' own titles stay as their authors wrote them, linked.
    assert "Natural Earth 1:50m countries, via world-atlas 2.0.2" in text


def test_status_filter_is_named_apart_from_the_level_estado(app):
    """ "Estado" (a status) sat beside "Nivel", whose options include "Estado (entidad federativa)"."""
    at = app(MAP)
    labels = [m.label for m in at.multiselect]
    assert "Situación del IGM" in labels and "Estado" not in labels
    assert "Estado (entidad federativa)" in at.multiselect(key="f_level@es").options
    table = at.dataframe[-1].value
    assert "Situación del IGM" in table.columns and "Estado" not in table.columns


def view(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)["initialViewState"]


def test_filtering_by_a_country_zooms_to_it(app):
    at = app(MAP)
    region = view(at)
    assert (region["latitude"], region["longitude"], region["zoom"]) == (
        mapview.REGION_VIEW.latitude,
        mapview.REGION_VIEW.longitude,
        mapview.REGION_VIEW.zoom,
    )
    at.multiselect(key="f_country@es").set_value(["SLV"]).run()
    country = view(at)
    assert country["zoom"] > region["zoom"] + 3  # El Salvador fills the map
    assert 13.1 < country["latitude"] < 14.5 and -90.2 < country["longitude"] < -87.7
    at.multiselect(key="f_country@es").set_value([]).run()
    assert view(at)["zoom"] == region["zoom"]  # back to the whole region
