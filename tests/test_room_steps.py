"""The room's steps on the presenter screen (ui/room_steps.py): the top questions in large type with
their votes, and the proposed actions of a round table as words; each with its text alternative, in both
languages, example data labelled; and the questions page's address in the presenter's QR area."""

import datetime as dt
import json

import pytest

from indicators.assessment import AreaAnswer
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import complete
from ui import room_steps, routes

PAGE = routes.script("presenter")
Q = load_questionnaire()
AT = dt.datetime(2022, 9, 12, 10, 0)


@pytest.fixture
def database(tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    yield store
    store.close()


def go_to(at, step: str):
    """Step forward with the arrows to the room's step: after the three charts of the answers and the
    consultation's evaluation come the questions, then the words (then the follow-up's steps)."""
    for _ in range(4 + room_steps.STEPS.index(step)):
        at.button(key="pr_forward").click().run()
    return at


def shown_html(at) -> str:
    """The questions step's HTML (the page has other HTML: its CSS, the sidebar's script)."""
    return "".join(h.proto.body for h in at.get("html") if "igm-q-text" in h.proto.body)


def test_top_questions_in_large_type_with_votes_pinned_first_never_hidden_or_answered(app, database):
    ids = {}
    for minute, text in enumerate(["¿Uno?", "¿Dos <b>negrita</b>?", "¿Tres?", "¿Oculta?", "¿Respondida?"]):
        ids[text] = database.add_question("s1", text, "", AT + dt.timedelta(minutes=minute))
    for voter in ("a", "b"):
        database.toggle_vote(ids["¿Tres?"], voter)
    database.set_question_pinned(ids["¿Uno?"], True, "organiser")
    database.set_question_state(ids["¿Oculta?"], "hidden", "organiser")
    database.set_question_state(ids["¿Respondida?"], "answered", "organiser")
    database.add_question("s2", "¿Otra sesión?", "", AT)
    database.close()
    at = go_to(app(PAGE), "questions")
    assert not at.exception
    body = shown_html(at)
    order = [body.index(text) for text in ("¿Uno?", "¿Tres?", "¿Dos &lt;b&gt;negrita&lt;/b&gt;?")]
    assert order == sorted(order)  # pinned, then most votes, then first asked; the text escaped
    assert "¿Oculta?" not in body and "¿Respondida?" not in body and "¿Otra sesión?" not in body
    assert 'class="igm-q-votes">2<small>apoyos</small>' in body
    assert "font-size: 24px" in body and "font-size: 34px" in body
    assert at.header[0].value == "Preguntas más apoyadas"
    captions = "\n".join(c.value for c in at.caption)
    assert "Para: Sesión 1. Marcos para la gobernanza de la migración" in captions
    assert "Se muestran 3 de 3 preguntas sin responder" in captions
    assert at.dataframe[0].value.values.tolist() == [["¿Uno?", 0], ["¿Tres?", 2], ["¿Dos <b>negrita</b>?", 0]]
    qr = next(m.value for m in at.markdown if "página de preguntas" in m.value)  # the form's QR is first
    assert "data:image/png" in qr and "/preguntas" in qr


def test_the_questions_step_in_english_and_with_nothing_asked(app):
    at = go_to(app(PAGE, lang="en"), "questions")
    assert at.header[0].value == "Most upvoted questions"
    assert "For: Session 1. Frameworks for migration governance" in "\n".join(c.value for c in at.caption)
    assert "No unanswered questions for this session yet." in at.info[0].value


def test_the_questions_page_is_linked_from_the_qr_area(app, monkeypatch):
    monkeypatch.setenv("IGM_PUBLIC_URL", "https://igm.example.org/")
    at = app(PAGE)
    linked = "\n".join(h.proto.body for h in at.get("html"))
    assert "<b>Pregunte desde su teléfono:</b>" in linked
    # The address wraps only between its parts on a projector, like the form's.
    assert (
        'href="https://igm.example.org/preguntas">https://<span>igm</span><wbr><span>.example</span><wbr>'
        "<span>.org</span><wbr><span>/preguntas</span></a>" in linked
    )


def test_proposed_actions_as_words_wait_for_the_reveal_and_say_what_they_show(app, database):
    theme = "rt2"
    areas = Q.areas_of(theme)
    for place, action in (
        ("hnd-danli", "Crear una oficina municipal de atención a personas migrantes"),
        ("hnd-omoa", "Capacitar al personal en atención a personas migrantes"),
        ("gtm-san-marcos", "Crear registros de personas migrantes retornadas"),
    ):
        answer = complete(place)
        answer.answers[areas[0].key] = AreaAnswer(capacity=1, priority=3, action=action)
        answer.answers[Q.areas_of("rt1")[0].key] = AreaAnswer(
            capacity=1, priority=3, action="Mesa de la otra mesa"
        )
        assessment_id, _ = database.create_assessment(place)
        database.submit_assessment(assessment_id, answer, Q, "test")
    database.close()
    at = go_to(app(PAGE), "words")
    assert "Los resultados están ocultos" in at.info[0].value and not at.get("plotly_chart")
    at.toggle(key="pr_reveal").set_value(True).run()
    at.segmented_control(key="pr_theme@es").set_value(theme).run()
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["data"][0]["y"][-1] == "<b>personas migrantes</b>"  # on top: 3 of 3 actions
    assert "subtitle" not in spec["layout"]["title"]  # real answers: no example label
    assert "Mesa" not in json.dumps(spec["data"])  # round table 1's action is not round table 2's
    sentence = "\n".join(m.value for m in at.markdown)
    assert "(acciones: 3)" in sentence and "«personas migrantes» (3)" in sentence
    assert at.dataframe[0].value.iloc[0].tolist() == ["personas migrantes", "frase", 3]


def test_example_actions_are_labelled_in_both_languages(tmp_path, app):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 20, seed=3, actions=True)
    store.close()
    for lang, label in (("es", "DATOS DE EJEMPLO:"), ("en", "EXAMPLE DATA:")):
        at = app(PAGE, lang=lang)
        at.toggle(key="pr_reveal").set_value(True).run()
        go_to(at, "words")
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        assert label in spec["layout"]["title"]["subtitle"]["text"]
        assert len(spec["data"][0]["y"]) == 8 and spec["layout"]["height"] <= 440


def test_example_actions_do_not_change_the_example_answers(tmp_path):
    """The same seed gives the same answers with or without actions (tests and demos rely on them)."""
    plain, with_actions = Store.open(":memory:"), Store.open(":memory:")
    for store, actions in ((plain, False), (with_actions, True)):
        store.load_bundled(DATA_DIR)
        generate_assessments(store, Q, 8, seed=11, actions=actions)
    columns = ["area_key", "capacity", "priority", "top_rank", "place_id"]
    first, second = (s.submitted_answers().sort_values(columns)[columns] for s in (plain, with_actions))
    assert first.reset_index(drop=True).equals(second.reset_index(drop=True))
    assert plain.proposed_actions().empty and len(with_actions.proposed_actions()) > 10
