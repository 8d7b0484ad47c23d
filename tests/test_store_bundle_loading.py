"""indicators/store/bundle_loading.py: the bundled data loaded once, reloaded when its files change, only
bundled rows replaced, and a bad file leaving the database as it was."""

import pytest

from indicators.__main__ import main
from indicators.config import DATA_DIR
from indicators.store import Store, bundle_hashes
from indicators.validation import DataFileError
from tests.conftest import BACKENDS, database_on_backend, replace_in_file, store_on_backend

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)
database = pytest.fixture(params=BACKENDS, name="database")(database_on_backend)


def test_bundled_data_is_loaded_once(store):
    assert len(store.places()) == 24
    assert len(store.countries()) == 11
    assert store.load_bundled(DATA_DIR).reloaded == []
    assert store.load_bundled(DATA_DIR, force=True).reloaded == ["countries", "places", "boundaries"]
    assert len(store.places()) == 24


def test_mexican_states_get_their_polygon_others_stay_points(store):
    polygons = store.place_polygons()
    assert set(polygons["place_id"]) == set(store.places().query("country == 'MEX'")["place_id"])
    assert set(polygons["layer"]) == {"mex-adm1"}


def test_boundaries_keep_source_and_licence(store):
    sources = store.boundary_sources().set_index("layer")
    assert sources.loc["crm-countries", "licence"].startswith("Public domain")
    assert "MIT" in sources.loc["mex-adm1", "licence"]
    assert len(store.boundary_layer("crm-countries")) == 11
    assert len(store.boundary_layer("mex-adm1")) == 32


def test_changed_bundled_file_reloads_without_touching_user_rows(database, data_copy):
    store = Store.open(database, create=True)
    store.load_bundled(data_copy)
    # A place registered by an organiser (not bundled) must survive a reload of the bundle.
    with store.transaction() as cur:
        cur.execute(
            "INSERT INTO places (place_id, name, level, admin_level, country, code_verified, lat, lon,"
            " coord_precision, status, source_url, verified, origin) VALUES ('slv-x', 'X', 'municipality',"
            " 'adm2', 'SLV', false, 13.7, -89.2, 'seat', 'unknown', 'https://example.org', false,"
            " 'organiser')"
        )
    store.close()
    replace_in_file(data_copy / "places.csv", "Coto Brus,canton", "Coto Brus (cantón),canton")

    reopened = Store.open(database)
    assert reopened.load_bundled(data_copy).reloaded == ["places"]
    names = set(reopened.places()["name"])
    assert "Coto Brus (cantón)" in names and "X" in names and "Coto Brus" not in names
    reopened.close()


def test_bad_bundled_file_leaves_the_database_as_it_was(database, data_copy):
    store = Store.open(database, create=True)
    store.load_bundled(data_copy)
    before = store.places()
    hashes = store.query("SELECT * FROM bundle_files ORDER BY dataset")
    replace_in_file(data_copy / "places.csv", "Coto Brus,canton", "Coto Brus,canton2")
    replace_in_file(data_copy / "countries.csv", "Belice", "Belize (ES)")

    with pytest.raises(DataFileError) as caught:
        store.load_bundled(data_copy)
    assert [(p.row, p.column) for p in caught.value.problems] == [(15, "level")]
    assert store.places().equals(before)
    assert "Belice" in set(store.countries()["name_es"])  # the countries change was not written either
    assert store.query("SELECT * FROM bundle_files ORDER BY dataset").equals(hashes)


def test_the_digest_of_each_dataset_is_kept_as_last_loaded(database, data_copy):
    store = Store.open(database, create=True)
    assert store.bundle_digests() == {}
    store.load_bundled(data_copy)
    assert store.bundle_digests() == bundle_hashes(data_copy)
    replace_in_file(data_copy / "places.csv", "Coto Brus,canton", "Coto Brus (cantón),canton")
    store.load_bundled(data_copy)
    assert store.bundle_digests() == bundle_hashes(data_copy)
    store.close()


def test_a_reload_writes_the_bundled_layers_map_shapes_again(store):
    before = store.boundary_shapes("mex-adm1")
    assert len(before) == 32 and store.layers_without_shapes() == []
    store.load_bundled(DATA_DIR, force=True)
    assert store.boundary_shapes("mex-adm1").equals(before)  # replaced, not added twice


def test_a_reload_changes_only_the_catalogue_revision(store):
    before = store.revisions()
    store.load_bundled(DATA_DIR, force=True)
    after = store.revisions()
    assert after["catalogue"] == before["catalogue"] + 1
    assert [after[k] - before[k] for k in ("answers", "results", "activity")] == [0, 0, 0]
    store.load_bundled(DATA_DIR)  # nothing changed: nothing written
    assert store.revisions() == after


def test_a_catalogue_with_only_its_header_is_refused_and_the_places_stay(
    database, data_copy, capsys, monkeypatch
):
    """No data hangs on any place, and still a catalogue of no place never empties the database's."""
    store = Store.open(database, create=True)
    store.load_bundled(data_copy)
    hashes = store.query("SELECT * FROM bundle_files ORDER BY dataset")
    store.close()
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")

    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    assert main(["--lang", "en", "init-db", "--db", database]) == 1
    error = capsys.readouterr().err
    assert '"places.csv" holds only its header row, with no data rows' in error and "Traceback" not in error
    store = Store.open(database)
    with pytest.raises(DataFileError) as caught:
        store.load_bundled(data_copy)
    assert [(p.reason, p.params) for p in caught.value.problems] == [("header_only", {"file": "places.csv"})]
    assert len(store.places()) == 24
    assert store.query("SELECT * FROM bundle_files ORDER BY dataset").equals(hashes)
    store.close()
