"""Importing an official layer end to end: matching, atomic replacement, the map, the CLI and the page."""

import io
import json

import geopandas as gpd
import openpyxl
import pytest
from shapely.geometry import box

from indicators.__main__ import main
from indicators.exports import ExportRequest, export_file
from indicators.i18n import Translator
from indicators.layers import import_layer, layer_report_lines
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.validation import DataFileError
from tests.conftest import complete, organiser
from ui import routes


def honduras_layer(tmp_path, codes=("0703", "1401", "0999"), names=("Danli", "OCOTEPEQUE", "Otro")):
    """Three small squares at the seats of Danlí, Ocotepeque and an unknown place (no CRS written)."""
    squares = [box(-86.7, 13.9, -86.4, 14.2), box(-89.3, 14.3, -89.0, 14.6), box(-87.5, 14.5, -87.3, 14.7)]
    frame = gpd.GeoDataFrame({"ADM2_PCODE": list(codes), "ADM2_ES": list(names)}, geometry=squares)
    path = tmp_path / "hnd_adm2.geojson"
    path.write_text(frame.to_json(), encoding="utf-8")  # to_json writes no "crs" member
    return path


def import_honduras(store, path):
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


def test_bundle_reload_keeps_an_imported_state_layer(tmp_path, data_copy):
    store = Store.open(tmp_path / "x.duckdb")
    store.load_bundled(data_copy)
    states = gpd.GeoDataFrame(
        {"CVE_ENT": ["08"], "NOMGEO": ["Chihuahua"]}, geometry=[box(-109, 26, -103, 31)], crs="EPSG:4326"
    )
    path = tmp_path / "ent.gpkg"
    states.to_file(path)
    import_layer(
        store, path.read_bytes(), path.name, "MEX", "adm1", "CVE_ENT", "NOMGEO", "INEGI 2023", "INEGI"
    )
    store.load_bundled(data_copy, force=True)
    assert len(store.boundary_layer("mex-adm1")) == 1  # the import, not the 32 bundled states
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
    at = organiser(app)
    uploader = next(u for u in at.get("file_uploader") if u.key == "org_boundary_file")
    uploader.set_value((path.name, path.read_bytes(), "application/geo+json")).run()
    at.selectbox(key="layer_country@es").set_value("HND")
    at.radio(key="layer_level@es").set_value("adm2")
    at.selectbox(key="layer_code_field").set_value("ADM2_PCODE")
    at.selectbox(key="layer_name_field").set_value("ADM2_ES")
    at.text_input(key="layer_source").input("HDX COD-AB Honduras")
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert "Archivo rechazado: hnd_adm2.geojson" in " ".join(e.value for e in at.error)  # no licence yet
    assert "Columna «licence»: el valor es obligatorio" in " ".join(m.value for m in at.markdown)
    assert at.text_input(key="layer_source").value == "HDX COD-AB Honduras"  # nothing typed is lost
    at.text_input(key="layer_licence").input("CC BY-IGO")
    at.button(key="FormSubmitter:import_layer-Revisar e importar la capa").click().run()
    assert any("Capa hnd-adm2 importada: 3 polígonos." in s.value for s in at.success)

    at.switch_page(routes.script("map")).run()
    at.multiselect(key="context_layers").set_value(["hnd-adm2"]).run()
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    context = [layer for layer in spec["layers"] if layer["id"].startswith("context-")]
    assert len(context) == 1 and len(context[0]["data"]["features"]) == 3
    captions = " ".join(c.value for c in at.caption)
    assert "HDX COD-AB Honduras" in captions and "CC BY-IGO" in captions


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
