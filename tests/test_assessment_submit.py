"""AppTests of what "Enviar" does on the server: the summary shown is the stored one (its place's
submitted answers, the new one included), the PDF is built only when asked for, and a refusal still
marks the whole form."""

import re

import pytest

from indicators import exports
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.summary import priority_summary
from tests.conftest import complete
from tests.oracles import example_share
from ui import routes

Q = load_questionnaire()
PAGE = routes.script("assessment")
PLACE = "hnd-omoa"


@pytest.fixture
def drafts(tmp_path):
    """Example answers for every place and two complete drafts for Omoa, opened by resume code."""
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 200, seed=11)
    codes = []
    for capacity in (0, 4):
        assessment_id, code = store.create_assessment(PLACE)
        store.save_draft(assessment_id, complete(PLACE, capacity=capacity))
        codes.append(code)
    store.close()
    return tmp_path / "app.duckdb", codes


def resume(app, code: str):
    at = app(PAGE)
    at.text_input(key="sa_resume_code").input(code)
    at.button(key="sa_resume").click().run()
    assert not at.exception
    return at


def shown_summary(at) -> tuple[int, dict[str, list[tuple[str, float, int]]]]:
    """(responses it is based on, {theme name: [(area, index, in top 3)]}) as the page shows them."""
    basis = next(c.value for c in at.caption if c.value.startswith("Según "))
    lines = {}
    markdown = [m.value for m in at.markdown]
    line = re.compile(r"\d+\. (.+?) — índice: ([\d.]+) · entre las 3 primeras: (\d+)")
    for theme, name in ((k, v["es"]) for k, v in Q.themes.items()):
        block = markdown[markdown.index(f"**{name}**") + 1]
        lines[theme] = [(area, float(index), int(top3)) for area, index, top3 in line.findall(block)]
    return int(re.search(r"\d+", basis).group()), lines


def stored_summary(db) -> tuple[int, dict[str, list[tuple[str, float, int]]]]:
    """The same, computed by the pandas reference from the place's stored answers."""
    store = Store.open(db)
    try:
        answers = store.submitted_answers(place_id=PLACE)
    finally:
        store.close()
    summary = priority_summary(answers, Q, "es", "region")
    lines = {
        theme: [(r.area, round(r.index, 1), r.top3) for r in rows.itertuples()]
        for theme, rows in summary.groupby("theme")
    }
    return example_share(answers)[1], lines


def test_the_summary_after_enviar_is_the_stored_one_with_the_new_submission(app, drafts, monkeypatch):
    db, codes = drafts
    built = []
    monkeypatch.setattr(exports, "export_file", lambda *a, **k: built.append(a) or b"%PDF")
    before = stored_summary(db)[0]
    for number, code in enumerate(codes, 1):
        at = resume(app, code)
        at.button(key="sa_submit").click().run()
        assert not at.exception
        assert next(s.value for s in at.success).startswith("¡Enviado! Versión 1.")
        responses, lines = shown_summary(at)
        assert responses == before + number  # this submission is in it
        assert (responses, lines) == stored_summary(db)
    assert at.button(key="sa_submit").label == "Enviar cambios"
    assert at.get("download_button")  # the PDF is offered...
    assert built == []  # ...but built only when the button is pressed


def test_a_refused_submission_still_marks_the_form(app, drafts):
    db, _ = drafts
    store = Store.open(db)
    code = store.create_access_codes(PLACE, 1, created_by="test")[0]
    store.close()
    at = app(PAGE)
    at.selectbox(key="sa_country@es").set_value("HND").run()
    at.selectbox(key="sa_place").set_value(PLACE)
    at.text_input(key="sa_access_code").input(code)
    at.button(key="sa_start").click().run()
    at.button(key="sa_submit").click().run()
    assert not at.exception
    assert any("No se envió" in e.value for e in at.error)
    assert not at.success and not [h for h in at.header if "Resumen" in h.value]
