"""ui/frame.py: what app.py draws around every page: the page-wide CSS and accessible names in the page's
language, and a plain message (never a trace) when a registry, the bundled data or the database cannot
be used."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import held_by_another_process, replace_in_file, shown


def framed_page():
    """A page as app.py frames it: the checks first, then the page's own content."""
    import streamlit as st

    from ui import frame

    frame.page_css()
    frame.check_store()
    frame.show_pending_database_error()
    st.write("contenido de la página")


def run(language: str = "es", **session) -> AppTest:
    at = AppTest.from_function(framed_page, default_timeout=30)
    at.session_state["lang"] = language
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def html(at: AppTest, marker: str) -> str:
    [body] = [e.proto.body for e in at.get("html") if marker in e.proto.body]
    return body


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    return tmp_path


def test_a_healthy_store_draws_the_page_with_nothing_in_front_of_it(fresh):
    at = run()
    assert not at.exception and not at.error and not at.warning
    assert at.markdown[-1].value == "contenido de la página"


@pytest.mark.parametrize(
    "language, drop, browse",
    [("es", "Arrastre y suelte el archivo aquí", "Elegir archivo"), ("en", "Drag and drop", "Choose file")],
)
def test_the_file_choosers_words_come_from_the_catalogue_in_the_pages_language(fresh, language, drop, browse):
    css = html(run(language), "<style>")
    assert f'content: "{browse}"' in css and drop in css
    assert "{drop}" not in css and "{browse}" not in css
    assert ":focus-visible { outline: 3px solid #0072B2" in css  # a focus ring anyone can see


def test_streamlits_own_accessible_names_are_given_in_the_pages_language(fresh):
    spanish = html(run("es"), "__igmAriaNames")
    assert (
        '"Main menu": "Menú principal"' in spanish and '"Show password": "Mostrar la contraseña"' in spanish
    )
    assert '"Help for ": "Ayuda: "' in spanish and '"Upload": "Elegir archivo"' in spanish
    english = html(run("en"), "__igmAriaNames")
    assert '"Main menu"' not in english  # only the names that change: English ones stay as they are
    assert '"Upload": "Choose file"' in english


def test_a_rejected_registry_stops_the_page_with_the_file_and_its_cell(fresh, data_copy, monkeypatch):
    replace_in_file(
        data_copy / "igm_subareas.csv", "rights,family_reunification", "derechos,family_reunification"
    )
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    at = run()
    assert not at.exception
    assert at.error[0].value.startswith(
        "La aplicación no puede abrirse: el archivo igm_domains.csv / igm_subareas.csv"
    )
    assert "Fila 3, columna «domain», valor «derechos»" in shown(at.markdown[0].value)
    assert "contenido de la página" not in [m.value for m in at.markdown]  # stopped


def test_rejected_bundled_data_is_said_and_the_page_goes_on_with_the_data_before(
    fresh, data_copy, monkeypatch
):
    replace_in_file(data_copy / "places.csv", "Coto Brus,canton", "Coto Brus,canton2")
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    at = run("en")
    assert not at.exception
    assert at.error[0].value.startswith(
        "The bundled data was not loaded because the file places.csv has errors"
    )
    assert 'Row 15, column "level", value "canton2"' in shown(at.markdown[0].value)
    assert at.markdown[-1].value == "contenido de la página"


def test_a_database_file_held_by_another_process_is_named_and_stops_the_page(fresh):
    db = fresh / "app.duckdb"
    with held_by_another_process(db):
        at = run()
    assert not at.exception
    assert at.error[0].value == (
        f"La base de datos {db} está abierta por otro proceso (por ejemplo, un comando de importación)."
        " Ciérrelo y recargue la página."
    )
    assert "contenido de la página" not in [m.value for m in at.markdown]


def test_a_database_server_that_cannot_be_reached_is_said_without_its_password(fresh, monkeypatch):
    monkeypatch.setenv("IGM_DATABASE_URL", "postgresql://igm:secreto@127.0.0.1:1/igm")
    at = run()
    assert not at.exception
    assert "127.0.0.1" in at.error[0].value and "secreto" not in at.error[0].value
    assert "contenido de la página" not in [m.value for m in at.markdown]


def test_a_write_that_found_the_database_away_is_said_once_on_the_next_run(fresh):
    from indicators.postgres import DatabaseUnavailable
    from ui import actions

    lost = DatabaseUnavailable("gone", "postgresql://igm:***@db.example.org/igm")
    at = run("en", **{actions.DB_ERROR: lost})
    assert at.error[0].value.startswith(
        "The connection to the database postgresql://igm:***@db.example.org/igm"
    )
    assert at.error[0].icon == ":material/cloud_off:"
    assert at.markdown[-1].value == "contenido de la página"  # the page itself still draws
    at.run()
    assert not at.error  # said once
    at = run("es", **{actions.DB_ERROR: lost})
    assert at.error[0].value.startswith("Se perdió la conexión con la base de datos")
