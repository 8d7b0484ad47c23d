"""export --round KEY --compare-to KEY: the round's summaries, the change sheet and the "Compromisos"
sheet in the XLSX, a page for each in the PDF, the change as the CSV; example data labelled. Both
backends (the store is read for answers per round, place means and commitments)."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from indicators.assessment import AreaAnswer
from indicators.commitments import add_months
from indicators.exports import ExportRequest, check_request
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.export_helpers import ACTION, RT1, Q, pdf_text, request

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
SEMINAR, LATER = "seminario-2022", "seguimiento-2023"
LATE = add_months(dt.date.today(), 7)  # the 6-month commitment is overdue by then


def submit(store, place_id: str, capacity: int, action: bool = False) -> None:
    assessment = complete(place_id, capacity=capacity)
    if action:
        assessment.answers[RT1[0]] = AreaAnswer(capacity, 3, ACTION, "Alcaldía", "6m")
    assessment_id, _ = store.create_assessment(place_id)
    store.submit_assessment(assessment_id, assessment, Q, "test")


@pytest.fixture
def two_rounds(store):
    """Danlí 1 → 3 (its seminar commitment overdue later), Omoa 2 → 2, Upala only in the second round."""
    submit(store, "hnd-danli", 1, action=True)
    submit(store, "hnd-omoa", 2)
    store.close_round(SEMINAR, "test")
    store.start_round(LATER, "Seguimiento 2023", "Follow-up 2023", "test")
    submit(store, "hnd-danli", 3)
    submit(store, "hnd-omoa", 2)
    submit(store, "cri-upala", 4)
    return store


def change_request(store, file_format: str, language="es", **fields):
    fields = {"scope": "region", "format": file_format, "round_key": LATER, "compare_to": SEMINAR, **fields}
    return request(store, language, **fields)


def test_the_workbook_has_the_rounds_summaries_the_change_and_the_commitments(two_rounds):
    content = change_request(two_rounds, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert "Cambio entre rondas" in book.sheetnames and "Compromisos" in book.sheetnames
    assert book.sheetnames.index("Compromisos") < len(book.sheetnames) - 1  # before the dictionary
    region = book[book.sheetnames[2]]  # local governments, countries, then the region
    assert "Respuestas de la ronda «Seguimiento 2023»" in region["A1"].value
    rows = list(book["Cambio entre rondas"].iter_rows(values_only=True))
    assert any("respondieron en ambas rondas (2)" in str(r[0]) for r in rows)  # Danlí and Omoa, not Upala
    header = next(i for i, r in enumerate(rows) if "Clave del área" in r)
    table = pd.DataFrame(rows[header + 1 :], columns=rows[header]).dropna(how="all")
    first = table[table["Clave del área"] == RT1[0]].iloc[0]
    assert first["Capacidad media (Seminario Regional, San Salvador, septiembre de 2022)"] == 1.5
    assert first["Capacidad media (Seguimiento 2023)"] == 2.5
    assert first["Cambio de capacidad"] == 1.0 and first["Lugares en ambas rondas"] == 2
    sheet = book["Compromisos"]
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Compromisos por estado, por ronda y mesa de trabajo" in texts
    assert any(t.startswith("Compromisos por estado, por ronda y objetivo del PMM") for t in texts)
    assert "Compromisos vencidos: 0 (fecha pasada y sin cumplir ni abandonar)" in texts  # on TODAY, 2022
    assert "Seminario Regional, San Salvador, septiembre de 2022" in texts and "Previsto" in texts


def test_overdue_commitments_and_the_pdf_pages(two_rounds):
    from indicators.exports import export_file
    from indicators.i18n import Translator

    fields = {
        "scope": "country",
        "country": "HND",
        "format": "pdf",
        "round_key": LATER,
        "compare_to": SEMINAR,
    }
    content = export_file(two_rounds, Q, Translator("en"), ExportRequest(**fields), today=LATE)
    text, pages = pdf_text(content)
    assert pages >= 3
    assert (
        'Change between rounds: from "Regional Seminar, San Salvador, September 2022" to "Follow-up 2023"'
        in (" ".join(text.split()))
    )
    assert "Overdue commitments: 1" in text and ACTION in " ".join(text.split())
    assert "+1.00" in text  # a change says its sign


def test_the_csv_is_the_change_and_says_how_many_places_answered_both(two_rounds):
    content = change_request(two_rounds, "csv")
    first_line = content.decode("utf-8-sig").splitlines()[0]
    assert "respondieron en ambas rondas (2)" in first_line and "DATOS DE EJEMPLO" not in first_line
    table = pd.read_csv(io.BytesIO(content), skiprows=1)
    assert len(table) == len(Q.areas) and set(table["Lugares en ambas rondas"]) == {2}


def test_a_round_alone_exports_that_rounds_answers_only(two_rounds):
    content = request(two_rounds, scope="region", format="csv", round_key=SEMINAR)
    table = pd.read_csv(io.BytesIO(content), skiprows=1)
    assert set(table["Autoevaluaciones"]) == {2}  # Danlí and Omoa at the seminar, not the 5 in all
    assert "Respuestas de la ronda «Seminario Regional" in content.decode("utf-8-sig").splitlines()[0]


def test_a_round_with_no_answer_gives_the_follow_up_pages_only(store):
    store.close_round(SEMINAR, "test")
    store.start_round(LATER, "Seguimiento 2023", "Follow-up 2023", "test")
    text, pages = pdf_text(change_request(store, "pdf", scope="region"))
    assert "Esta ronda aún no tiene autoevaluaciones enviadas" in text and pages == 3


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"compare_to": SEMINAR}, "compare_needs_round"),
        ({"round_key": "otra"}, "unknown_round"),
        ({"round_key": SEMINAR, "compare_to": SEMINAR}, "same_round"),
    ],
)
def test_rounds_are_checked_with_the_request(store, fields, reason):
    request_ = ExportRequest("region", "csv", **fields)
    rounds = set(store.rounds()["round_key"])
    problems = check_request(request_, store.places(igm_only=False), set(store.countries()["iso3"]), rounds)
    assert reason in [p.reason for p in problems]
