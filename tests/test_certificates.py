"""indicators/certificates.py and verification.py: who has earned a certificate, the A4 landscape PDF
read back (names printed literally, accents and markup alike), and codes stored only as hashes."""

import datetime as dt
import io
import re
import zipfile

import pypdf
import pytest

from indicators import verification
from indicators.certificates import date_range, due, file_name, issue_certificates
from indicators.config import DATA_DIR, DEFAULT_FONT_DIR
from indicators.exports.errors import FontMissing
from indicators.i18n import Translator
from indicators.participants import activities
from indicators.seminar import load_seminar
from ui import routes

SEMINAR = load_seminar(DATA_DIR)
FOUND = activities(SEMINAR)
BASE = "https://tablero.example.org"
HOSTILE = "María José Núñez <b>Peña</b> & [enlace](http://x.org) *O'Brien*"


def person(name: str, email: str, kind: str = "official", place: str = "hnd-danli") -> dict:
    return {
        "name": name,
        "email": email,
        "role": "Alcaldesa",
        "organisation": "Alcaldía de Danlí – Honduras",
        "place_id": place if kind == "official" else "",
        "country": "HND" if kind == "official" else "",
        "kind": kind,
        "mode": "in_person",
    }


@pytest.fixture
def seminar_store(store):
    """Four people: one with every activity (a hostile name), one missing s2, an observer with all,
    a facilitator with all (no certificate for facilitators)."""
    store.save_roster(
        [
            person(HOSTILE, "maria@danli.hn"),
            person("Jean Omoa", "jean@omoa.hn", place="hnd-omoa"),
            person("Ana Observadora", "ana@rrocm.org", kind="observer"),
            person("Luis Facilitador", "luis@iom.int", kind="facilitator"),
        ],
        "test",
    )
    ids = dict(zip(store.participants()["email"], store.participants()["participant_id"], strict=True))
    marks = [
        (ids[e], a.key, True) for e in ("maria@danli.hn", "ana@rrocm.org", "luis@iom.int") for a in FOUND
    ]
    marks += [
        (ids["jean@omoa.hn"], "s0", True),
        (ids["jean@omoa.hn"], "s1", True),
        (ids["jean@omoa.hn"], "s2", False),
    ]
    store.record_attendance(marks, "import", "test")
    return store


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_who_is_due_a_certificate_and_who_is_missing_what(seminar_store):
    plan = due(seminar_store.participants(), seminar_store.attendance(), FOUND)
    assert sorted(plan.earned["email"]) == ["ana@rrocm.org", "maria@danli.hn"]
    assert plan.missing == [("Jean Omoa", "jean@omoa.hn", ["s2"])]


def test_each_certificate_is_an_a4_landscape_page_with_everything_printed_literally(seminar_store):
    t = Translator("es")
    issued = issue_certificates(
        seminar_store, SEMINAR, t, BASE, "test", DEFAULT_FONT_DIR, dt.date(2022, 9, 14)
    )
    assert len(issued.files) == 2
    maria = next(n for n in issued.files if "maria" in n)
    reader = pypdf.PdfReader(io.BytesIO(issued.files[maria]))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, in points
    text = " ".join(text_of(issued.files[maria]).split())  # a long name takes two lines
    assert HOSTILE in text  # accents, tags, link and emphasis exactly as typed
    assert "Alcaldía de Danlí – Honduras" in text
    assert "CERTIFICADO DE APROVECHAMIENTO" in text
    assert SEMINAR["title"]["es"] in text
    assert "12–13 de septiembre de 2022" in text and "San Salvador, El Salvador" in text
    for activity in FOUND:
        assert activity.title["es"] in text
    code = next(w for w in text.split() if verification.normalise(w) and len(w) == 14)
    assert f"{BASE}/verificar?codigo={code}" in text
    found = seminar_store.certificate_for_code(code)
    assert found["name"] == HOSTILE and found["seminar"]["title"]["es"] == SEMINAR["title"]["es"]
    assert "Emitido el 14 de septiembre de 2022" in text
    assert issued.missing == [("Jean Omoa", "jean@omoa.hn", ["s2"])]
    assert sorted(issued.index["email"]) == ["ana@rrocm.org", "maria@danli.hn"]


def test_the_english_certificate_and_its_zip(seminar_store):
    issued = issue_certificates(seminar_store, SEMINAR, Translator("en"), BASE, "test", DEFAULT_FONT_DIR)
    text = text_of(next(iter(issued.files.values())))
    assert "CERTIFICATE OF COMPLETION" in text and re.search(r"12\s*–\s*13 September 2022", text)
    with zipfile.ZipFile(io.BytesIO(issued.zip())) as archive:
        assert sorted(archive.namelist()) == sorted([*issued.files, "index.csv"])


def test_every_issue_gives_new_codes_and_the_earlier_ones_stay_valid(seminar_store):
    t = Translator("es")
    first = issue_certificates(seminar_store, SEMINAR, t, BASE, "test", DEFAULT_FONT_DIR)
    second = issue_certificates(seminar_store, SEMINAR, t, BASE, "test", DEFAULT_FONT_DIR)
    codes = [
        next(w for w in text_of(pdf).split() if verification.normalise(w) and len(w) == 14)
        for pdf in (*first.files.values(), *second.files.values())
    ]
    assert len(set(codes)) == 4
    assert all(seminar_store.certificate_for_code(code) for code in codes)
    stored = seminar_store.query("SELECT * FROM certificates").astype(str).to_json()
    assert not any(code in stored for code in codes)  # only the hashes


def test_a_missing_font_writes_no_certificate_and_stores_no_code(seminar_store, tmp_path):
    with pytest.raises(FontMissing):
        issue_certificates(seminar_store, SEMINAR, Translator("es"), BASE, "test", tmp_path)
    assert seminar_store.certificate_counts().empty


def test_file_names_are_plain_and_never_shared():
    t = Translator("es")
    assert (
        file_name(HOSTILE, "3f2a1b9c-aaaa", t)
        == "certificado-maria-jose-nunez-b-pena-b-enlace-http-x-org-o-brien-3f2a1b9c.pdf"
    )
    assert file_name("../../etc/passwd", "abcdef12", t) == "certificado-etc-passwd-abcdef12.pdf"
    assert file_name("李", "abcdef12", Translator("en")) == "certificate-x-abcdef12.pdf"


def test_verification_codes_read_what_people_type():
    code = verification.new_code()
    assert len(code) == 14 and code.count("-") == 2
    assert verification.normalise(code.lower().replace("-", " ")) == code
    assert verification.normalise("ABCD-EFGH") is None  # an access code is not a certificate code
    assert verification.normalise("O0O0-I1I1-L1L1") is None  # letters the codes never use
    assert verification.hash_code(code) != code and len(verification.hash_code(code)) == 64


def test_the_printed_address_is_the_pages_route():
    assert routes.url_path("verify") == verification.VERIFY_PATH == "verificar"
    assert verification.verify_url(BASE + "/", "ABCD-EFGH-JKMN") == f"{BASE}/verificar?codigo=ABCD-EFGH-JKMN"


def test_date_ranges_read_naturally():
    es, en = Translator("es"), Translator("en")
    assert date_range(es, dt.date(2022, 9, 12), dt.date(2022, 9, 13)) == "12–13 de septiembre de 2022"
    assert date_range(en, dt.date(2022, 9, 12), dt.date(2022, 9, 12)) == "12 September 2022"
    # What the two days share is said once (Babel, CLDR: thin spaces around the dash).
    across = date_range(es, dt.date(2022, 9, 30), dt.date(2022, 10, 1))
    assert across == "30 de septiembre\u2009–\u20091 de octubre de 2022"
