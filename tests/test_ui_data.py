"""ui/data.py: the one cache keyed on the database and the revisions of what a read reads; and the
rule that views reach the store only through ui/data.py and ui/actions.py."""

import inspect
import io
import re

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.config import PROJECT_DIR
from indicators.consultation import AFTER_WITHOUT_BEFORE
from indicators.exports import ExportRequest
from indicators.store import Store
from tests.conftest import complete, replace_in_file
from ui import actions, data


@pytest.fixture
def database(tmp_path, monkeypatch, signed_in):
    """The app's store on a fresh database file, as the pages open it; an admin logged in."""
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    st.cache_data.clear()
    store = data.store()
    signed_in()
    return store


def test_a_read_is_computed_once_per_revision_of_what_it_reads(database):
    calls = []

    @data.cached("catalogue")
    def labels(level: str, igm_only: bool = True) -> int:
        calls.append(level)
        return len(data.store().places(igm_only=igm_only).query("level == @level"))

    first = labels("municipality")
    assert labels("municipality") == labels(level="municipality", igm_only=True) == first
    assert calls == ["municipality"]  # the same arguments, however passed: one computation
    actions.set_switch(AFTER_WITHOUT_BEFORE, True)  # "activity": not what the read depends on
    labels("municipality")
    assert calls == ["municipality"]
    actions.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", "")  # the catalogue
    assert labels("municipality", igm_only=False) == labels("municipality", False)
    assert calls == ["municipality", "municipality"]


def test_a_write_is_read_back_at_once_with_no_cache_cleared(database):
    assert "hnd-nueva" not in data.place_labels(igm_only=False)
    assert data.setting(AFTER_WITHOUT_BEFORE) == ""
    actions.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", "")
    actions.set_switch(AFTER_WITHOUT_BEFORE, True)
    assert data.place_labels(igm_only=False)["hnd-nueva"] == "Nueva (HND)"
    assert "hnd-nueva" not in data.place_labels()  # a registered place is not an IGM place
    assert data.setting(AFTER_WITHOUT_BEFORE) == "true"


def test_each_database_has_its_own_entries(database, tmp_path, monkeypatch):
    actions.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", "")
    assert "hnd-nueva" in data.place_labels(igm_only=False)
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "other.duckdb"))
    assert "hnd-nueva" not in data.place_labels(igm_only=False)


def test_unhashable_arguments_are_identified_by_their_key(database):
    calls = []

    @data.cached("catalogue", key=lambda frame: (frame.drop(columns="colour").to_json(),))
    def count(frame: pd.DataFrame) -> int:
        calls.append(1)
        return len(frame)

    frame = pd.DataFrame({"place_id": ["a", "b"], "colour": [[1, 2, 3], [4, 5, 6]]})
    assert count(frame) == count(frame.copy()) == 2 and len(calls) == 1
    assert count(frame.head(1)) == 1 and len(calls) == 2


def test_country_names_follow_the_page_language():
    def script():
        import streamlit as st

        from ui import data

        st.write(data.country_names()["MEX"])

    at = AppTest.from_function(script)
    at.session_state["lang"] = "en"
    at.run()
    assert at.markdown[0].value == "Mexico" and not at.exception
    at = AppTest.from_function(script)
    at.session_state["lang"] = "es"
    at.run()
    assert at.markdown[0].value == "México"


VIEWS = sorted((PROJECT_DIR / "views").rglob("*.py"))


def writes(name: str) -> bool:
    """Whether a Store method writes: every write opens a transaction (indicators/store/connection.py)."""
    return "transaction(" in inspect.getsource(getattr(Store, name))


@pytest.mark.parametrize("view", VIEWS, ids=lambda p: p.relative_to(PROJECT_DIR).as_posix())
def test_no_view_writes_through_the_store_or_clears_a_cache(view):
    """A view reads the store only through `data.store()` (its plain reads; writes go through
    ui/actions.py, which checks roles and leaves the audit rows), and holds no Store of its own."""
    source = view.read_text(encoding="utf-8")
    assert not re.search(r"indicators\.store\b|\bStore\b", source)
    called = re.findall(r"\bstore\(\)\.(\w+)|\bstore\.(\w+)\(", source)
    names = {a or b for a, b in called}
    assert names <= {n for n in dir(Store) if not n.startswith("_")}, names
    assert not [n for n in names if writes(n)]
    assert "cache_data.clear" not in source and "cache_resource.clear" not in source


def test_the_write_check_knows_a_write_from_a_read():
    assert writes("submit_assessment") and writes("update_commitment")
    assert not writes("participants") and not writes("certificate_for_code")


def test_an_export_from_the_pages_uses_the_data_folders_texts(data_copy, tmp_path, monkeypatch):
    """IGM_DATA_DIR's i18n.toml titles the files the organisers download, as it titles the pages."""
    replace_in_file(
        data_copy / "i18n.toml", "Resumen de prioridades de la región CRM", "Resumen (texto editado)"
    )
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    st.cache_data.clear()
    assessment_id, _ = data.store().create_assessment("hnd-danli")
    data.store().submit_assessment(assessment_id, complete("hnd-danli"), data.questionnaire(), "Ana")
    xlsx = data.export_file(ExportRequest("region", "xlsx"))
    banners = [sheet["A1"].value for sheet in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets]
    assert any("Resumen (texto editado)" in banner for banner in banners), banners


def test_the_consultation_tables_follow_the_answers_not_every_click(database, monkeypatch):
    """The organisers' consultation tab: its tables are computed once per answer and language."""
    calls = []
    compute = data.consultation_tables

    def counted(*args):
        calls.append(1)
        return compute(*args)

    monkeypatch.setattr(data, "consultation_tables", counted)
    actions.save_consultation("p1", "before", {"k_igm": 2})
    first = data.consultation_results("es")
    assert data.consultation_results("es")["change"].equals(first["change"]) and len(calls) == 1
    data.consultation_results("en")  # the other language: its own tables
    assert len(calls) == 2
    actions.save_consultation("p1", "after", {"k_igm": 4})  # a new answer: recomputed once
    after = data.consultation_results("es")
    data.consultation_results("es")
    assert len(calls) == 3
    assert not after["change"].equals(first["change"])
