"""indicators/store/participants.py and certificates.py on both backends: the roster, personal codes
(never stored as typed), attendance marks, certificates found by their code's hash, and removal on
request deleting every row that names the person."""

import json

import pytest

from indicators import verification
from tests.conftest import BACKENDS, store_on_backend

store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

ANA = {
    "name": "Ana Núñez <b>",
    "email": "ana@danli.hn",
    "role": "Alcaldesa",
    "organisation": "Alcaldía de Danlí",
    "place_id": "hnd-danli",
    "country": "HND",
    "kind": "official",
    "mode": "in_person",
}
BOB = ANA | {"name": "Bob", "email": "bob@rrocm.org", "place_id": "", "country": "", "kind": "observer"}


def everything(store) -> str:
    """Every row of the seminar's tables as text, to look for what must not be there."""
    tables = ("participants", "participant_codes", "attendance", "certificates", "removed_counts")
    return json.dumps({t: store.query(f"SELECT * FROM {t}").astype(str).values.tolist() for t in tables})


def test_a_roster_adds_new_people_and_updates_known_ones_by_email(store):
    assert store.save_roster([ANA, BOB], "test") == (2, 0)
    assert store.save_roster([ANA | {"role": "Alcaldesa municipal"}], "test") == (0, 1)
    roster = store.participants().set_index("email")
    assert roster.loc["ana@danli.hn", "role"] == "Alcaldesa municipal"
    assert roster.loc["ana@danli.hn", "name"] == "Ana Núñez <b>"  # kept as typed
    assert roster.loc["bob@rrocm.org", "place_id"] == "" and roster.loc["bob@rrocm.org", "country"] == ""
    assert not roster["has_code"].any()


def test_one_person_is_added_and_edited(store):
    pid = store.add_participant(ANA, "organiser")
    store.update_participant(pid, ANA | {"email": "ana.nunez@danli.hn", "mode": "online"}, "organiser")
    row = store.participants().iloc[0]
    assert (row["participant_id"], row["email"], row["mode"], row["updated_by"]) == (
        pid,
        "ana.nunez@danli.hn",
        "online",
        "organiser",
    )


def test_check_in_finds_a_person_by_email_or_personal_code_never_stored_as_typed(store):
    store.save_roster([ANA, BOB], "test")
    ids = dict(zip(store.participants()["email"], store.participants()["participant_id"], strict=True))
    codes = store.create_participant_codes([ids["ana@danli.hn"]])
    code = codes[ids["ana@danli.hn"]]
    assert store.participant_for_checkin(code.lower().replace("-", " ")) == ids["ana@danli.hn"]
    assert store.participant_for_checkin(" ANA@Danli.hn ") == ids["ana@danli.hn"]
    assert store.participant_for_checkin("nadie@x.org") is None
    assert store.participant_for_checkin("ABCD-EFGH") is None
    assert code not in everything(store)
    # A new code replaces the old one.
    new = store.create_participant_codes([ids["ana@danli.hn"]])[ids["ana@danli.hn"]]
    assert store.participant_for_checkin(code) is None and store.participant_for_checkin(new)


def test_a_later_mark_replaces_an_earlier_one_and_counts_are_anonymous(store):
    store.save_roster([ANA, BOB], "test")
    ids = list(store.participants()["participant_id"])
    store.record_attendance([(ids[0], "s1", True), (ids[1], "s1", True)], "import", "test")
    store.record_attendance([(ids[1], "s1", False)], "hand", "organiser")
    marks = store.attendance().set_index("participant_id")
    assert bool(marks.loc[ids[1], "attended"]) is False and marks.loc[ids[1], "how"] == "hand"
    assert store.attendance_count("s1") == 1 and store.attendance_count("s2") == 0


def test_a_certificate_is_found_by_its_code_only_and_keeps_what_was_printed(store):
    store.save_roster([ANA], "test")
    pid = store.participants()["participant_id"][0]
    code = verification.new_code()
    store.store_certificates([(code, pid, ANA["name"])], {"title": {"es": "Seminario"}}, "test")
    found = store.certificate_for_code(code)
    assert found["name"] == "Ana Núñez <b>" and found["seminar"] == {"title": {"es": "Seminario"}}
    assert store.certificate_for_code(verification.new_code()) is None
    assert code not in everything(store)
    assert store.certificate_counts()["issued"].tolist() == [1]


def test_removal_on_request_deletes_every_row_naming_the_person_and_keeps_anonymous_counts(store):
    store.save_roster([ANA, BOB], "test")
    ids = dict(zip(store.participants()["email"], store.participants()["participant_id"], strict=True))
    ana = ids["ana@danli.hn"]
    store.create_participant_codes([ana])
    store.record_attendance([(ana, "s0", True), (ana, "s1", True), (ana, "s2", False)], "import", "test")
    code = verification.new_code()
    store.store_certificates([(code, ana, ANA["name"])], {"title": {"es": "S"}}, "test")
    assert store.delete_participant("ana@danli.hn") is True
    assert store.delete_participant("ana@danli.hn") is False  # nobody left to remove
    rows = everything(store)
    assert (
        ana not in rows and "ana@danli.hn" not in rows and "Núñez" not in rows and "Alcaldesa" in rows
    )  # Bob's
    assert store.certificate_for_code(code) is None
    assert store.removed_counts() == {"participants": 1, "attended:s0": 1, "attended:s1": 1}
    assert list(store.participants()["email"]) == ["bob@rrocm.org"]
