"""The store's good practices (added pending, never twice, reviewed) and the contacts shared with peers,
on both backends; their data revisions; the e-mail in no export."""

import io

import openpyxl
import pytest

from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.practices import Practice
from indicators.questionnaire import load_questionnaire
from tests.conftest import BACKENDS, complete, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
Q = load_questionnaire()
OMOA = Practice("hnd-omoa", "rt3_basic_services", "Ventanilla única", "Orienta <b>y</b> deriva", year=2023)
OAXACA = Practice("mex-oaxaca", "rt1_regular_pathways", "Guía de vías regulares")


def test_practices_come_in_pending_once_and_are_read_with_their_place(store):
    added, already = store.add_practices([OMOA, OAXACA], "cli:ana", file_name="p.csv")
    assert len(added) == 2 and already == 0 and all(len(i) == 8 for i in added)
    again, already = store.add_practices(
        [OMOA, Practice("hnd-omoa", "rt3_basic_services", "VENTANILLA ÚNICA")], "x"
    )
    assert again == [] and already == 2  # the same place, area and title, whatever the case
    rows = store.practices()
    assert set(rows["state"]) == {"pending"} and len(rows) == 2
    omoa = rows.set_index("place_id").loc["hnd-omoa"]
    assert omoa["place_name"] == "Omoa" and omoa["country"] == "HND"
    assert omoa["description"] == "Orienta <b>y</b> deriva" and omoa["year"] == 2023
    assert omoa["submitted_by"] == "cli:ana" and omoa["file_name"] == "p.csv" and not omoa["is_example"]
    assert store.practices(state="approved").empty
    assert list(store.practices(place_id="mex-oaxaca")["title"]) == ["Guía de vías regulares"]
    assert list(store.practices(area_key="rt3_basic_services")["place_id"]) == ["hnd-omoa"]


def test_an_organiser_approves_or_rejects_and_it_is_recorded(store):
    (omoa, oaxaca), _ = store.add_practices([OMOA, OAXACA], "test")
    assert store.review_practice(omoa, "approved", "cli:ana") == "pending"
    assert store.review_practice(oaxaca, "rejected", "cli:ana") == "pending"
    assert store.review_practice(oaxaca, "approved", "cli:luis") == "rejected"  # a change of mind
    assert store.review_practice("nope", "approved", "cli:ana") is None
    row = store.practice(oaxaca)
    assert row["state"] == "approved" and row["reviewed_by"] == "cli:luis" and row["reviewed_at"] is not None
    assert list(store.practices(state="approved")["practice_id"].sort_values()) == sorted([omoa, oaxaca])
    with pytest.raises(ValueError):
        store.review_practice(omoa, "pending", "cli:ana")


def test_practice_writes_bump_only_the_practices_revision(store):
    before = store.revisions()
    (practice_id,), _ = store.add_practices([OMOA], "test")
    store.review_practice(practice_id, "approved", "test")
    after = store.revisions()
    assert after["practices"] == before["practices"] + 2
    assert all(after[k] == before[k] for k in ("catalogue", "answers", "results", "activity"))


def test_a_contact_is_shared_changed_and_withdrawn(store):
    first, _ = store.create_assessment("hnd-omoa")
    second, _ = store.create_assessment("hnd-omoa")
    store.share_contact(first, "hnd-omoa", "migracion@omoa.gob.hn")
    store.share_contact(first, "hnd-omoa", "oficina@omoa.gob.hn")  # changed: the old one is gone
    store.share_contact(second, "hnd-omoa", "OFICINA@omoa.gob.hn")  # the same address, once
    assert store.shared_contact(first) == "oficina@omoa.gob.hn"
    assert store.peer_contacts(["hnd-omoa", "hnd-danli"]) == {"hnd-omoa": ["OFICINA@omoa.gob.hn"]}
    store.withdraw_contact(second)
    assert store.peer_contacts(["hnd-omoa"]) == {"hnd-omoa": ["oficina@omoa.gob.hn"]}
    store.withdraw_contact(first)
    assert store.shared_contact(first) is None and store.peer_contacts(["hnd-omoa"]) == {}


def test_a_shared_email_is_in_no_export(store):
    """Personal data: the summaries and every export file read the answers, never the contacts."""
    assessment_id, _ = store.create_assessment("hnd-omoa")
    store.submit_assessment(assessment_id, complete("hnd-omoa"), Q, "test")
    store.share_contact(assessment_id, "hnd-omoa", "secreto@omoa.gob.hn")
    t = Translator("es")
    for request in (
        ExportRequest("region", "csv"),
        ExportRequest("local_government", "csv", place_id="hnd-omoa"),
        ExportRequest("country", "csv", country="HND"),
    ):
        assert b"secreto" not in export_file(store, Q, t, request)
    workbook = export_file(store, Q, t, ExportRequest("region", "xlsx"))
    cells = [
        str(cell)
        for sheet in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert not any("secreto" in cell for cell in cells)
