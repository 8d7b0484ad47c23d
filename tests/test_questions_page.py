"""AppTests of the questions page (views/questions.py) and the organisers' list of questions: ask with the
box `q_text` and its button `q_send`, vote with `q_vote_<id>`, the limits, moderation, text as typed."""

import datetime as dt

import pytest

from indicators import questions
from indicators.config import DATA_DIR
from indicators.store import Store
from tests.conftest import organiser, session_of, shown
from tests.test_room_steps import go_to
from ui import routes
from ui.lang import literal

PAGE = routes.script("questions")
HOSTILE = "¿Y **esto**? <img src=x onerror=alert(1)> [enlace](http://malo.example) # título"


@pytest.fixture
def database(tmp_path):
    """The app's database, opened by the test to read what the page wrote (closed before the app runs)."""
    path = tmp_path / "app.duckdb"

    def open_store() -> Store:
        store = Store.open(path)
        store.load_bundled(DATA_DIR)
        return store

    return open_store


def ask(at, text: str, name: str = ""):
    at.text_area(key="q_text").input(text)
    at.text_input(key="q_name").input(name)
    return at.button(key="q_send").click().run()


def vote_keys(at) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith("q_vote_")]


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_ask_a_question_and_see_it_literally_with_the_name_given(app):
    at = app(PAGE)
    assert at.title[0].value == "Preguntas de la sala"
    assert "Sesión 1. Marcos para la gobernanza de la migración" in texts(at.caption)
    assert "Todavía no hay preguntas" in texts(at.info)
    ask(at, HOSTILE, name="Ana <b>López</b>")
    assert not at.exception
    assert "Pregunta enviada" in texts(at.success)
    assert at.text_area(key="q_text").value == ""  # ready for the next one
    cards = [m.value for m in at.markdown if "esto" in m.value]
    assert [shown(c) for c in cards] == [HOSTILE]  # as typed: no bold, image, link or heading
    assert cards == [literal(HOSTILE)]  # every character that Markdown would act on escaped
    assert any(shown(c.value).split(" · ")[0] == "Ana <b>López</b>" for c in at.caption)
    assert len(vote_keys(at)) == 1


def test_an_empty_question_is_refused_and_a_long_one_is_held_to_280_characters(app, database):
    at = app(PAGE, lang="en")
    ask(at, "   ")
    assert "Type your question before sending it." in texts(at.error) and not vote_keys(at)
    at.text_area(key="q_text").set_value("x" * (questions.MAX_TEXT + 20))  # past the box's own limit
    at.button(key="q_send").click().run()
    assert not at.exception and len(vote_keys(at)) == 1
    store = database()
    assert store.questions()["text"].str.len().tolist() == [questions.MAX_TEXT]  # Streamlit cuts it
    store.close()


def test_one_vote_per_browser_and_a_second_tap_takes_it_back(app):
    at = app(PAGE)
    ask(at, "¿Primera?")
    ask(at, "¿Segunda?")
    first, second = vote_keys(at)  # same votes: the first asked first
    at.button(key=second).click().run()
    assert at.button(key=second).label == "Apoyada · 1"
    assert vote_keys(at) == [second, first]  # most votes first
    at.button(key=second).click().run()
    assert at.button(key=second).label == "Apoyar · 0"
    at.button(key=second).click().run()
    other = app(PAGE)  # another browser
    other.button(key=second).click().run()
    assert other.button(key=second).label == "Apoyada · 2"
    assert other.button(key=first).label == "Apoyar · 0"


def test_ten_questions_in_ten_minutes_then_a_message_with_the_wait(app):
    at = app(PAGE)
    for n in range(questions.SESSION_QUOTA.most):
        ask(at, f"¿Pregunta {n}?")
    ask(at, "¿Una más?")
    message = texts(at.error)
    assert "Ya envió 10 preguntas en 10 minutos" in message and "puede enviar otra en" in message
    assert at.text_area(key="q_text").value == "¿Una más?"  # what was typed stays
    assert len(vote_keys(at)) == 10
    other = app(PAGE)  # another browser of the room asks at once
    ask(other, "¿Y yo?")
    assert "Pregunta enviada" in texts(other.success)


def test_moderators_pin_answer_and_hide_and_the_hidden_never_shows_again(app, database):
    store = database()
    first = store.add_question("s1", "¿Primera?", "", dt.datetime(2022, 9, 12, 10, 0))
    second = store.add_question("s1", "¿Segunda?", "", dt.datetime(2022, 9, 12, 10, 1))
    third = store.add_question("s1", "¿Ofensiva?", "", dt.datetime(2022, 9, 12, 10, 2))
    store.close()
    room = app(PAGE)
    assert not any(b.key.startswith(("q_pin_", "q_hide_")) for b in room.button if b.key)  # the room's view
    at = app(PAGE, organiser_session=session_of())
    at.button(key=f"q_pin_{second}").click().run()
    assert vote_keys(at)[0] == f"q_vote_{second}" and "Fijada" in texts(at.caption)
    at.button(key=f"q_answered_{first}").click().run()
    assert vote_keys(at)[-1] == f"q_vote_{first}" and "Respondida" in texts(at.caption)
    at.button(key=f"q_hide_{third}").click().run()
    assert f"q_vote_{third}" not in vote_keys(at) and "Ofensiva" not in texts(at.markdown)
    room.run()
    assert vote_keys(room) == [f"q_vote_{second}", f"q_vote_{first}"]
    presenter = go_to(app(routes.script("presenter")), "questions")
    shown_html = "".join(h.proto.body for h in presenter.get("html"))
    assert "¿Segunda?" in shown_html and "Ofensiva" not in shown_html and "¿Primera?" not in shown_html


def test_the_organisers_list_shows_hidden_questions_and_shows_one_again(app, database):
    store = database()
    hidden = store.add_question("s1", "¿Oculta?", "Luis", dt.datetime(2022, 9, 12, 10, 0))
    store.set_question_state(hidden, "hidden", "organiser")
    store.close()
    at = organiser(app, tab="questions.org_tab")
    table = next(d.value for d in at.dataframe if "Pregunta" in d.value.columns)
    assert table["Pregunta"].tolist() == ["¿Oculta?"] and table["Estado"].tolist() == ["oculta"]
    assert table["Nombre"].tolist() == ["Luis"]
    at.button(key="oq_show").click().run()
    table = next(d.value for d in at.dataframe if "Pregunta" in d.value.columns)
    assert table["Estado"].tolist() == ["sin responder"]
    assert any(b.label == "Descargar todas las preguntas (CSV)" for b in at.get("download_button"))
    room = app(PAGE)
    assert vote_keys(room) == [f"q_vote_{hidden}"]


def test_closed_questions_take_no_question_or_vote_and_the_list_stays(app, database):
    store = database()
    asked = store.add_question("s1", "¿Antes del cierre?", "", dt.datetime(2022, 9, 12, 10, 0))
    store.close()
    at = app(PAGE)
    presenter = app(routes.script("presenter"), organiser_session=session_of())
    presenter.toggle(key="room_open_questions").set_value(False).run()
    at.run()
    assert "Las preguntas están cerradas" in texts(at.warning)
    assert at.text_area(key="q_text").disabled and at.button(key="q_send").disabled
    assert at.button(key=f"q_vote_{asked}").disabled and "¿Antes del cierre?" in texts(at.markdown)
    presenter.toggle(key="room_open_questions").set_value(True).run()
    at.run()
    assert not at.warning and not at.button(key="q_send").disabled
    ask(at, "¿Después de reabrir?")
    assert "Pregunta enviada" in texts(at.success)
