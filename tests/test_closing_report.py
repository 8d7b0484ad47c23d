"""The closing report (indicators/closing_report.py, indicators/exports/closing.py): participation by
country, kind and mode, each round table's priorities, the commitments, the consultation's change,
example data labelled, and never a participant's name or e-mail address."""

import io
import re

import pypdf
import pytest

from indicators.closing_report import RECORDED, closing_facts, participation
from indicators.config import DATA_DIR, DEFAULT_FONT_DIR
from indicators.consultation import load_consultation
from indicators.demo import generate_assessments
from indicators.exports.closing import closing_report_file
from indicators.i18n import Translator
from indicators.participants import KINDS, MODES, activities
from indicators.questionnaire import load_questionnaire
from indicators.seminar import load_seminar
from tests import export_helpers

Q = load_questionnaire()
C = load_consultation()
SEMINAR = load_seminar(DATA_DIR)
PEOPLE = [
    ("Zoila Funcionaria", "zoila@danli.hn", "hnd-danli", "HND", "official", "in_person"),
    ("Yago Funcionario", "yago@omoa.hn", "hnd-omoa", "HND", "official", "online"),
    ("Xenia Observadora", "xenia@rrocm.org", "", "", "observer", "online"),
    ("Walter Facilitador", "walter@iom.int", "", "CRI", "facilitator", "in_person"),
]


@pytest.fixture
def seminar(real):
    """`real` (Danlí's first area with an action, in its top 3) plus a roster, attendance and answers."""
    real.save_roster(
        [
            dict(zip(("name", "email", "place_id", "country", "kind", "mode"), p, strict=True))
            | {"role": "", "organisation": "Org"}
            for p in PEOPLE
        ],
        "test",
    )
    ids = dict(zip(real.participants()["email"], real.participants()["participant_id"], strict=True))
    real.record_attendance(
        [(ids["zoila@danli.hn"], a.key, True) for a in activities(SEMINAR)]
        + [(ids["yago@omoa.hn"], "s1", True)],
        "import",
        "test",
    )
    participant, _ = real.create_participant()
    real.save_consultation(participant, "before", {"k_igm": 2})
    real.save_consultation(participant, "after", {"k_igm": 4, "satisfaction": 5, "use_at_work": 4})
    return real


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_participation_counts_each_country_by_kind_and_mode(seminar):
    facts = closing_facts(seminar, Q, C, SEMINAR)
    table = participation(facts.people, KINDS, MODES).set_index("country")
    assert table.loc["HND", ["official", "in_person", "online", "total"]].tolist() == [2, 1, 1, 2]
    assert table.loc["", ["observer", "online", "total"]].tolist() == [1, 1, 1]  # no country: last
    assert list(table.index)[-1] == ""
    assert facts.attendance.set_index("activity")["attended"].to_dict() == {"s0": 1, "s1": 2, "s2": 1}
    assert facts.certified == (1, 3)  # facilitators get no certificate


def test_the_commitments_are_those_recorded_from_top_3_areas_with_an_action(seminar):
    facts = closing_facts(seminar, Q, C, SEMINAR)
    assert facts.commitments_source == RECORDED
    rows = facts.commitments.to_dict("records")
    assert (
        len(rows) == 1 and rows[0]["place_id"] == "hnd-danli" and rows[0]["action"] == export_helpers.ACTION
    )
    assert rows[0]["area_key"] == export_helpers.RT1[0] and not rows[0]["is_example"]
    assert rows[0]["status"] == "planned"


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_report_has_every_section_and_no_name_or_email(seminar, language):
    t = Translator(language)
    seminar.delete_participant("walter@iom.int")
    text = text_of(closing_report_file(seminar, Q, C, SEMINAR, t, DEFAULT_FONT_DIR))
    for key in ("closing.title", "closing.participation", "closing.round_tables", "closing.commitments"):
        assert t(key) in text, key
    assert t("closing.evaluation") in text
    assert t("closing.removed", count=1) in text
    assert SEMINAR["title"][language] in text
    for theme in Q.themes:
        assert Q.themes[theme][language] in text
    assert export_helpers.ACTION in text
    assert not re.search(r"\S+@\S+\.\S+", text), "an e-mail address in the closing report"
    assert not any(name in text for name, *_ in PEOPLE)
    assert t("export.banner", count=1, total=1)[:10] not in text  # no example data: no banner


def test_example_data_is_labelled_on_every_page(seminar):
    generate_assessments(seminar, Q, 20, seed=3)
    t = Translator("es")
    reader = pypdf.PdfReader(io.BytesIO(closing_report_file(seminar, Q, C, SEMINAR, t, DEFAULT_FONT_DIR)))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "DATOS DE EJEMPLO" in page.extract_text()


def test_an_empty_seminar_still_gives_a_report_that_says_what_is_missing(store):
    t = Translator("es")
    text = text_of(closing_report_file(store, Q, C, SEMINAR, t, DEFAULT_FONT_DIR))
    assert t("closing.no_roster") in text and t("closing.no_consultation") in text
    assert t("export.pdf_no_answers") in text
