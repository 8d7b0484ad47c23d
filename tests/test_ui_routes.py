"""ui/routes.py: the route list every page address, menu entry and home card is read from."""

import re
import subprocess
import sys

import pytest

from indicators.config import PROJECT_DIR
from indicators.i18n import LANGUAGES, Translator
from ui import routes


@pytest.mark.parametrize("route", routes.ROUTES, ids=lambda r: r.key)
def test_every_route_names_a_script_that_exists(route):
    assert (PROJECT_DIR / route.script).is_file()
    assert route.script.startswith("views/") and route.script.endswith(".py")


def test_addresses_are_unique_plain_lowercase_words_people_can_type():
    paths = [route.url_path for route in routes.ROUTES]
    assert len(set(paths)) == len(paths)
    assert all(re.fullmatch(r"[a-z]+", path) for path in paths), paths  # no accents, slashes or spaces
    # Spanish addresses: the ones users share at the seminar.
    assert routes.url_path("map") == "mapa" and routes.url_path("assessment") == "autoevaluacion"


def test_keys_and_scripts_are_unique_and_home_comes_first():
    assert len({r.key for r in routes.ROUTES}) == len({r.script for r in routes.ROUTES}) == len(routes.ROUTES)
    assert routes.HOME is routes.ROUTES[0] and routes.HOME.key == "home"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_route_has_a_menu_label_and_all_but_home_a_card_in_each_language(language):
    t = Translator(language)
    labels = {route.key: t(f"nav.{route.key}") for route in routes.ROUTES}
    assert all(label != f"nav.{key}" and label.strip() for key, label in labels.items()), labels
    assert len(set(labels.values())) == len(labels)  # two menu entries never read the same
    for route in routes.ROUTES[1:]:
        assert t(f"home.card_{route.key}", tables=t.number_word(4)) != f"home.card_{route.key}"


def test_the_menu_reads_spanish_first_and_english_complete():
    assert Translator("es")("nav.map") == "Mapa IGM local"
    assert Translator("en")("nav.map") == "Local MGI map"
    assert Translator("es")("nav.assessment") == "Autoevaluación"
    assert Translator("en")("nav.assessment") == "Self-assessment"


def test_icons_are_material_symbols():
    assert all(re.fullmatch(r":material/[a-z_]+:", route.icon) for route in routes.ROUTES)


def test_script_and_url_path_look_a_route_up_by_key_and_refuse_an_unknown_one():
    assert routes.script("map") == "views/map.py"
    assert routes.script("organisers") == "views/organisers/page.py"
    assert routes.url_path("organisers") == "organizacion"
    with pytest.raises(KeyError):
        routes.script("mapa")  # the address is not the key


def test_the_route_list_loads_without_streamlit():
    """Benchmarks and browser tests read the list in a plain Python process."""
    check = "import sys, ui.routes; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_links_carry_the_language_unless_it_is_spanish():
    """The presenter's QR code and link, and the map's link to a profile, open the page's language."""
    form = "https://igm.example.org/autoevaluacion"
    assert routes.with_language(form, "es") == form
    assert routes.with_language(form, "en") == form + "?lang=en"
    assert routes.with_language(form + "?mesa=2", "en") == form + "?mesa=2&lang=en"
    assert routes.query("es", lugar="hnd-omoa") == {"lugar": "hnd-omoa"}
    assert routes.query("en", lugar="hnd-omoa") == {"lugar": "hnd-omoa", "lang": "en"}
