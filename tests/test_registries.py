"""Registries.load: every registry read from IGM_DATA_DIR and checked on load, all or nothing."""

import dataclasses
import random
import re

import pytest

from indicators import charts, demo, places
from indicators.config import PROJECT_DIR, Settings
from indicators.i18n import Translator, fold
from indicators.registries import Registries
from indicators.results import ANSWERS, FINDING_TYPES
from indicators.validation import DataFileError
from tests.conftest import replace_in_file
from ui import routes

EDITED = "Vías regulares y desarrollo local (nombre editado)"


def test_the_repository_data_loads_whole():
    registries = Registries.load(Settings())
    assert list(registries.questionnaire.themes) == ["rt1", "rt2", "rt3", "rt4"]
    assert registries.seminar["round_tables"][0]["key"] == "rt1"
    assert registries.framework.domain_key("Whole-of-government approach") == "whole_of_government"
    assert registries.framework.domain_key("whole_of_government") == "whole_of_government"
    assert list(registries.countries.columns) == ["iso3", "iso_numeric", "name_es", "name_en"]
    assert "HND" in set(registries.countries["iso3"])
    assert set(registries.boundary_sources["layer"]) >= {"crm-countries", "mex-adm1"}
    assert registries.translator("en")("app.name") == "Local MGI dashboard"


def test_an_edited_seminar_in_the_data_folder_names_the_round_tables(data_copy):
    replace_in_file(data_copy / "seminar.toml", "Factores y vías de migración regular", EDITED)
    replace_in_file(data_copy / "i18n.toml", 'es = "Tablero IGM local"', 'es = "Tablero IGM local (copia)"')
    registries = Registries.load(Settings(data_dir=data_copy))
    assert registries.seminar["round_tables"][0]["es"] == f"Mesa Redonda 1: {EDITED}"
    assert registries.questionnaire.themes["rt1"]["es"] == f"Mesa Redonda 1: {EDITED}"
    assert registries.translator("es")("app.name") == "Tablero IGM local (copia)"
    # The repository's own files are untouched and still read as before.
    assert EDITED not in Registries.load(Settings()).questionnaire.themes["rt1"]["es"]


def test_the_app_shows_the_data_folders_round_tables(app, data_copy, monkeypatch):
    replace_in_file(data_copy / "seminar.toml", "Factores y vías de migración regular", EDITED)
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    at = app()  # home: the seminar's round tables
    assert not at.exception
    assert EDITED in "\n".join(m.value for m in at.markdown)
    at.switch_page(routes.script("assessment")).run()
    assert not at.exception


# (file, text, replacement, where the message must point)
BREAKS = [
    (
        "i18n.toml",
        'name = { es = "Tablero IGM local", en = "Local MGI dashboard" }',
        'name = { es = "Tablero IGM local", en = "" }',
        'Row 5, column "en", value "app.name"',
    ),
    (
        "seminar.toml",
        'en = "Round table 2: Migration governance, saving lives and sustainable reintegration"',
        'en = ""',
        'Row 2, column "round_tables.en", value "rt2"',
    ),
    (
        "seminar.toml",
        "start = 2022-09-12",
        'start = "12 de septiembre"',
        'Row 9, column "start", value "12 de septiembre"',
    ),
    (
        "questionnaire.toml",
        'key = "rt1_regular_pathways"\ntheme = "rt1"',
        'key = "rt1_regular_pathways"\ntheme = "rt9"',
        'Row 2, column "theme", value "rt9"',
    ),
    (
        "igm_subareas.csv",
        "rights,family_reunification,",
        "nowhere,family_reunification,",
        'Row 3, column "domain", value "nowhere"',
    ),
    (
        "consultation.toml",
        'key = "k_migof"\nkind = "knowledge"',
        'key = "k_migof"\nkind = "stars"',
        'Row 2, column "kind", value "stars"',
    ),
    ("countries.csv", "CAN,124,", "CA,124,", 'Row 3, column "iso3", value "CA"'),
    (
        "boundaries/sources.csv",
        "mex_states.geojson,mex-adm1,MEX,adm1",
        "mex_estados.geojson,mex-adm1,MEX,adm1",
        'Row 3, column "file", value "mex_estados.geojson"',
    ),
    (
        "boundaries/sources.csv",
        "mex_states.geojson,mex-adm1,MEX,adm1",
        "mex_states.geojson,mex-adm1,MXX,adm1",
        'Row 3, column "country", value "MXX"',
    ),
    ("i18n.toml", "[app]", "[app", "cannot be read as TOML"),
]


@pytest.mark.parametrize("name, old, new, where", BREAKS, ids=[f"{b[0]}:{b[3][:24]}" for b in BREAKS])
def test_a_broken_registry_is_refused_whole_with_row_and_column(data_copy, name, old, new, where):
    replace_in_file(data_copy / name, old, new)
    with pytest.raises(DataFileError) as error:
        Registries.load(Settings(data_dir=data_copy))
    assert error.value.source == name.split("/")[-1] or name.startswith("igm_")
    assert any(where in line for line in error.value.describe(Translator("en"))), error.value.describe(
        Translator("en")
    )


def test_the_app_refuses_a_broken_data_folder_with_the_cell_and_no_trace(app, data_copy, monkeypatch):
    replace_in_file(data_copy / "countries.csv", "CAN,124,", "CA,124,")
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    at = app()
    assert not at.exception
    assert "countries.csv" in at.error[0].value
    assert "Fila 3, columna «iso3», valor «CA»" in "\n".join(m.value for m in at.markdown)


def test_every_setting_in_the_docs_exists_and_the_other_way_round():
    page = (PROJECT_DIR / "docs" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(IGM_[A-Z_]+)` \|", page, flags=re.MULTILINE))
    fields = {f"IGM_{f.name.upper()}" for f in dataclasses.fields(Settings)}
    assert documented == fields
    # and each is read from the environment under that name
    env = {name: "/tmp/x" if name.endswith(("_DIR", "_PATH")) else "custom" for name in fields}
    env |= {name: "7" for name in fields if name.endswith("_DAYS")}  # a number of days
    read = Settings.from_env(env)
    assert all(getattr(read, f.name) != f.default for f in dataclasses.fields(Settings)), read


def test_each_vocabulary_has_one_definition():
    registries = Registries.load(Settings())
    q = registries.questionnaire
    assert [q.theme_number(theme) for theme in q.themes] == [1, 2, 3, 4]
    assert charts.area_code(q.areas_of("rt3")[1].key, q) == "3.2"
    assert list(charts.ANSWER_COLOURS) == list(ANSWERS)
    assert fold("Áreas  bien-desarrolladas") == fold("areas_bien_desarrolladas") == "areas bien desarrolladas"
    assert places.slugify("Santa Ana Centro (Á)") == "santa-ana-centro-a"
    assert registries.framework.domain_key("ALIANZAS") == "partnerships"
    findings, answers = demo.example_results(["hnd-omoa"], registries.framework, random.Random(1))
    assert set(findings["finding_type"]) == set(FINDING_TYPES)
    assert set(answers["answer"]) <= set(ANSWERS)
