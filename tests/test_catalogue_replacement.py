"""A new places catalogue never loses data: places with assessments, codes or results stay; ids the
organisers registered are not taken; every refusal leaves the database exactly as it was."""

import pytest

from indicators.__main__ import main
from indicators.demo import generate_results
from indicators.framework import load_framework
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.validation import DataFileError
from tests.conftest import BACKENDS, complete, shown
from ui import routes


def snapshot(store: Store) -> dict:
    tables = ("places", "access_codes", "assessments", "igm_imports", "bundle_files")
    return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in tables}


def same(before: dict, after: dict) -> bool:
    return all(before[t].equals(after[t]) for t in before)


@pytest.fixture(params=BACKENDS)
def used_store(request, tmp_path, data_copy):
    """A database whose places hold data: codes for Danlí, an assessment for Omoa, results for one place;
    a DuckDB file or a PostgreSQL database."""
    if request.param == "duckdb":
        store = Store.open(tmp_path / "igm.duckdb")
    else:
        store = Store.open(request.getfixturevalue("postgres_url"), create=True)
    store.load_bundled(data_copy)
    store.create_access_codes("hnd-danli", 2, "test")
    assessment_id, _ = store.create_assessment("hnd-omoa")
    store.submit_assessment(assessment_id, complete("hnd-omoa"), load_questionnaire(), "test")
    generate_results(store, load_framework(), 1)
    yield store
    store.close()


def test_a_header_only_catalogue_is_refused_listing_the_places_with_data(used_store, data_copy):
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    before = snapshot(used_store)
    with pytest.raises(DataFileError) as caught:
        used_store.load_bundled(data_copy)
    listed = {p.value: p for p in caught.value.problems}
    with_results = set(used_store.places_with_results()["place_id"])
    assert set(listed) == {"hnd-danli", "hnd-omoa", *with_results}
    assert listed["hnd-danli"].reason == "place_in_use" and listed["hnd-danli"].params["codes"] == 2
    assert "1 self-assessments" in listed["hnd-omoa"].describe(Translator("en"))
    assert same(before, snapshot(used_store))


def test_removing_one_place_without_data_is_allowed(used_store, data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("cri-coto-brus,")) + "\n")
    assert used_store.load_bundled(data_copy).reloaded == ["places"]
    assert "cri-coto-brus" not in set(used_store.places()["place_id"])


def test_a_catalogue_id_registered_by_organisers_is_refused_naming_both(
    tmp_path, data_copy, capsys, monkeypatch, app
):
    db = tmp_path / "igm.duckdb"
    store = Store.open(db)
    store.load_bundled(data_copy)
    store.register_place("slv-san-miguel", "San Miguel", "municipality", "SLV", "San Miguel", "")
    before = snapshot(store)
    store.close()
    row = (
        "slv-san-miguel,San Miguel Centro,municipality,SLV,San Miguel,,,false,,13.48,-88.18,approximate,"
        "unknown,,Fuente,https://example.org,false,,\n"
    )
    with (data_copy / "places.csv").open("a", encoding="utf-8") as file:
        file.write(row)
    rows = len((data_copy / "places.csv").read_text(encoding="utf-8").splitlines())
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))

    # init-db, codes create: a message naming the catalogue row and the registered place, exit 1
    for command in (["init-db"], ["codes", "create", "--place", "hnd-danli"]):
        assert main(["--lang", "en", *command, "--db", str(db)]) == 1
        error = capsys.readouterr().err
        assert f'Row {rows}, column "place_id"' in error and '"San Miguel" (SLV)' in error, error
        assert "Traceback" not in error and "ConstraintException" not in error
    store = Store.open(db)
    assert same(before, snapshot(store))
    store.close()

    # The app: every page still opens on the data it had, saying the catalogue was refused
    monkeypatch.setenv("IGM_DB_PATH", str(db))
    at = app(routes.script("map"))
    assert not at.exception
    assert any("places.csv" in shown(e.value) for e in at.error)
