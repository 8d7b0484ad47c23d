"""Shared fixtures: an in-memory store with the bundled data, a copy of data/ to break, an app runner."""

import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.assessment import AreaAnswer, Assessment
from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from ui import WORD_JOINER, routes


@pytest.fixture
def store() -> Store:
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield store
    store.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may change (the database file lives beside it)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("*.duckdb*"))
    return copy


def replace_in_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def app(tmp_path, monkeypatch):
    """Run the real app (app.py + navigation) on a fresh database file; returns a started AppTest."""
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    st.cache_data.clear()

    def start(page: str | None = None, **session) -> AppTest:
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
        for key, value in session.items():
            at.session_state[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return start


def complete(place_id: str, capacity: int = 1, name: str = "") -> Assessment:
    """A submittable assessment: every area rated, the first three areas of each table chosen."""
    q = load_questionnaire()
    answers = {a.key: AreaAnswer(capacity=capacity, priority=3) for a in q.areas}
    top3 = {theme: [a.key for a in q.areas_of(theme)[:3]] for theme in q.themes}
    return Assessment(place_id, anonymous=not name, respondent_name=name, answers=answers, top3=top3)


def organiser(app):
    """The app's organisers' page, logged in with a password set in the test's own secrets."""
    at = app()
    at.secrets["organiser_password"] = "clave"
    at.switch_page(routes.script("organisers")).run()
    at.text_input[0].input("clave")
    at.button[0].click().run()
    return at


def shown(markdown: str) -> str:
    """What a reader sees of Markdown that holds user text (ui.literal): escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
