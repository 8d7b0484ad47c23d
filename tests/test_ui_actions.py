"""ui/actions.py: every write a view does. Each is read back at once by the cached reads (ui/data.py),
recomputing only the reads of the kind of data it changed; a write that finds the database away
leaves the reason for the page instead of a trace (`guarded`)."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.consultation import AFTER_WITHOUT_BEFORE
from indicators.participants import ROSTER_COLUMNS
from indicators.results import FINDINGS_COLUMNS
from indicators.store.connection import REVISIONS
from indicators.validation import DataFileError
from tests.conftest import complete
from tests.form_exports import Row, answers, build_form, kobo_csv
from tests.test_layers import honduras_layer
from ui import actions, data

RESULTS_HEADER = ",".join(FINDINGS_COLUMNS)
LAYER = {
    "country": "HND",
    "admin_level": "adm2",
    "code_field": "ADM2_PCODE",
    "name_field": "ADM2_ES",
    "source": "HDX COD-AB Honduras",
    "licence": "CC BY-IGO",
}


@pytest.fixture
def database(tmp_path, monkeypatch, signed_in):
    """The app's store on a fresh database file, as the pages open it; an admin logged in."""
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    st.cache_data.clear()
    store = data.store()
    signed_in()
    return store


@pytest.fixture
def recomputed(database):
    """Which kinds of cached read compute again on the next rerun: one counted read per kind."""
    counts = dict.fromkeys(REVISIONS, 0)

    def count(kind: str) -> int:
        counts[kind] += 1
        return counts[kind]

    reads = {kind: data.cached(kind)(count) for kind in REVISIONS}

    def rerun() -> set[str]:
        before = dict(counts)
        for kind, read in reads.items():
            read(kind)
        return {kind for kind in REVISIONS if counts[kind] != before[kind]}

    assert rerun() == set(REVISIONS) and rerun() == set()  # computed once, then looked up
    return rerun


def results_file(*place_ids: str) -> bytes:
    """A results file (findings) with one finding for each place."""
    rows = [
        f"{place_id},1,potencial,Coordinación con la oficina municipal,Perfil IGM,3" for place_id in place_ids
    ]
    return "\n".join([RESULTS_HEADER, *rows, ""]).encode()


def kobo_file(database) -> bytes:
    form = build_form(data.questionnaire(), database.places(igm_only=False), database.countries())
    return kobo_csv(form, [Row(answers(form, "hnd-danli", "HND", seed=1))])


def nothing() -> None:
    return None


def draft() -> str:
    return actions.create_assessment("hnd-danli")[0]


def participant() -> str:
    return actions.create_participant()[0]


# Each write: what it needs made first (a draft, a participant), the write, and the kinds it changes.
WRITES = {
    "create_access_codes": (
        nothing,
        lambda _, tmp: actions.create_access_codes("hnd-danli", 2),
        {"activity"},
    ),
    "register_place": (
        nothing,
        lambda _, tmp: actions.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", ""),
        {"catalogue"},
    ),
    "set_switch": (nothing, lambda _, tmp: actions.set_switch(AFTER_WITHOUT_BEFORE, True), {"activity"}),
    "import_results": (
        nothing,
        lambda _, tmp: actions.import_results(results_file("hnd-danli"), "r.csv"),
        {"results"},
    ),
    "import_boundaries": (
        nothing,
        lambda _, tmp: actions.import_boundaries(honduras_layer(tmp).read_bytes(), "hnd.geojson", **LAYER),
        {"catalogue"},
    ),
    "create_assessment": (nothing, lambda _, tmp: actions.create_assessment("hnd-danli"), {"activity"}),
    "save_draft": (draft, lambda row, tmp: actions.save_draft(row, complete("hnd-danli")), {"activity"}),
    "submit_assessment": (
        draft,
        lambda row, tmp: actions.submit_assessment(row, complete("hnd-danli"), "Ana"),
        {"answers"},
    ),
    "create_participant": (nothing, lambda _, tmp: actions.create_participant(), {"activity"}),
    "save_consultation": (
        participant,
        lambda row, tmp: actions.save_consultation(row, "before", {"k_igm": 2}),
        {"activity"},
    ),
}


@pytest.mark.parametrize("name", WRITES)
def test_a_write_recomputes_only_the_reads_of_what_it_changed(name, recomputed, tmp_path):
    prepare, write, changed = WRITES[name]
    row = prepare()
    recomputed()
    write(row, tmp_path)
    assert recomputed() == changed


def test_importing_kobo_answers_recomputes_only_the_answers_reads(database, recomputed):
    actions.import_answers(kobo_file(database), "kobo.csv", lambda submission: "Kobo", valid_only=False)
    # Its top-3 areas with an action become commitments: the follow-up's reads are recomputed too.
    assert not database.commitments().empty
    assert recomputed() == {"answers", "followup"}


def test_each_write_is_read_back_at_once_by_the_pages_reads(database, tmp_path):
    assert data.assessment_counts() == {"submitted": 0, "examples": 0, "drafts": 0}
    assert data.access_code_counts().empty and data.places_with_results().empty
    assert data.imported_layers().empty and data.consultation_responses().empty

    actions.create_access_codes("hnd-omoa", 3)
    assessment_id, _ = actions.create_assessment("hnd-danli")
    assert data.assessment_counts()["drafts"] == 1
    assert actions.submit_assessment(assessment_id, complete("hnd-danli"), "Ana") == 1
    actions.import_answers(kobo_file(database), "kobo.csv", lambda submission: "Kobo", valid_only=False)
    actions.import_results(results_file("hnd-danli"), "r.csv")
    actions.import_boundaries(honduras_layer(tmp_path).read_bytes(), "hnd.geojson", **LAYER)
    person, _ = actions.create_participant()
    actions.save_consultation(person, "before", {"k_igm": 2})

    assert data.assessment_counts() == {"submitted": 2, "examples": 0, "drafts": 0}
    assert data.example_share() == (0, 2)
    assert data.access_code_counts()[["place_id", "codes"]].values.tolist() == [["hnd-omoa", 3]]
    assert data.current_findings(("hnd-danli",))["finding"].tolist() == [
        "Coordinación con la oficina municipal"
    ]
    assert data.imported_layers()["title"].tolist() == ["HDX COD-AB Honduras"]
    assert data.consultation_responses()["answers"].tolist() == [{"k_igm": 2}]


def test_results_are_checked_against_registered_places_too_and_a_bad_file_writes_nothing(database):
    actions.register_place("hnd-nueva", "Nueva", "municipality", "HND", "", "")
    checked, outcome = actions.import_results(results_file("hnd-nueva"), "nueva.csv")
    assert outcome == {("hnd-nueva", "findings"): "new"} and len(checked.findings) == 1
    with pytest.raises(DataFileError) as caught:
        actions.import_results(results_file("hnd-nueva", "xyz-nowhere"), "mal.csv")
    assert "unknown_place" in {p.reason for p in caught.value.problems}
    assert data.results_imports()["file_name"].tolist() == ["nueva.csv"]  # the refused file left no trace


def guarded_page():
    import streamlit as st

    from indicators.postgres import DatabaseUnavailable
    from ui import actions

    def lost():
        raise DatabaseUnavailable("gone", "postgresql://igm:***@db.example.org/igm")

    st.text_input("Nombre", key="typed")
    st.button("Guardar", key="save", on_click=actions.guarded(lost))
    error = st.session_state.get(actions.DB_ERROR)
    st.write(f"reason: {error.reason if error else None}")


def test_a_write_that_finds_the_database_away_leaves_the_reason_and_what_was_typed():
    at = AppTest.from_function(guarded_page).run()
    at.text_input(key="typed").input("Ana Pérez").run()
    at.button(key="save").click().run()
    assert not at.exception
    assert at.markdown[-1].value == "reason: gone"
    assert at.text_input(key="typed").value == "Ana Pérez"


def test_guarded_lets_any_other_error_through():
    def page():
        import streamlit as st

        from ui import actions

        def broken():
            raise ValueError("not a database problem")

        st.button("Guardar", key="save", on_click=actions.guarded(broken))

    at = AppTest.from_function(page).run()
    at.button(key="save").click().run()
    assert at.exception  # a trace for the developers (its text redacted on the page), not a database message
    assert actions.DB_ERROR not in at.session_state


def test_the_seminars_people_writes_are_recorded_and_a_removal_names_no_one(database):
    values = dict.fromkeys(ROSTER_COLUMNS, "") | {"name": "Ana", "email": "ana@x.org", "kind": "observer"}
    assert actions.save_participant(None, values | {"mode": "online"}) == []
    [person] = data.store().participants()["participant_id"]
    actions.create_participant_codes([person])
    actions.mark_attendance(person, "s1", True)
    assert actions.delete_participant("ana@x.org") and not actions.delete_participant("ana@x.org")
    trail = database.audit_rows()
    made = ["participant_save", "participant_codes", "attendance_mark", "participant_delete"]
    assert trail["action"].tolist() == made
    assert set(trail["account"]) == {"organiser"}
    assert not trail["target"].str.contains("ana@x.org|Ana").any(), "removed on request: not named"
    assert data.store().participants().empty
