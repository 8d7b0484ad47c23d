"""A round table is data: a fifth one added in a data folder alone reaches every page, chart and file.

The seminar file, the questionnaire and the GCM objectives are edited as an organiser would (no code),
then every page runs in both languages, the presenter shows every step for every table, every export is
written, the XLSForm converts with pyxform and the paper booklet prints the new table.
"""

import io
import json

import pytest
from pypdf import PdfReader

from indicators.config import Settings
from indicators.demo import generate_assessments
from indicators.exports import FORMATS, ExportRequest, export_file
from indicators.i18n import Translator, load_catalogue
from indicators.palette import MAX_ROUND_TABLES, THEME_STYLES
from indicators.paper_form import paper_form_pdf
from indicators.questionnaire import load_questionnaire
from indicators.registries import Registries
from indicators.seminar import load_seminar
from indicators.store import Store
from indicators.summary import SCOPES
from indicators.validation import DataFileError
from tests.form_exports import build_form
from ui import routes

FIFTH = """
[[round_tables]]
key = "rt5"
es = "Mesa Redonda 5: Cooperación entre gobiernos locales"
en = "Round table 5: Cooperation between local governments"
"""

AREA = """
[[areas]]
key = "rt5_{n}"
theme = "rt5"
name = {{ es = "Área cinco {n}", en = "Area five {n}" }}
help = {{ es = "Ayuda {n}.", en = "Help {n}." }}
gcm = [23]
igm_domain = "partnerships"
"""


@pytest.fixture
def five_tables(data_copy, monkeypatch, tmp_path):
    seminar = data_copy / "seminar.toml"
    text = seminar.read_text(encoding="utf-8")
    cut = text.index("[[sessions]]")
    seminar.write_text(text[:cut] + FIFTH.lstrip() + "\n" + text[cut:], encoding="utf-8")
    with open(data_copy / "questionnaire.toml", "a", encoding="utf-8") as f:
        f.write("".join(AREA.format(n=n) for n in range(1, 5)))
    # GCM objective 23 moves to the new table (number,short_en,short_es,round_table,local).
    objectives = data_copy / "gcm_objectives.csv"
    rows = [line.split(",") for line in objectives.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        if row[0] == "23":
            row[3] = "rt5"
    objectives.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")
    monkeypatch.setenv("IGM_DATA_DIR", str(data_copy))
    db = tmp_path / "app.duckdb"
    monkeypatch.setenv("IGM_DB_PATH", str(db))
    q = load_questionnaire(data_copy)
    store = Store.open(db)
    store.load_bundled(data_copy)
    generate_assessments(store, q, 15)
    store.close()
    return data_copy


def test_the_data_folder_alone_makes_a_fifth_table(five_tables):
    q = load_questionnaire(five_tables)
    assert list(q.themes) == ["rt1", "rt2", "rt3", "rt4", "rt5"]
    assert q.theme_number("rt5") == 5 and len(q.areas_of("rt5")) == 4
    styles = [q.style(theme) for theme in q.themes]
    # Every table looks different in colour, marker and pattern.
    for part in ("colour", "symbol", "pattern"):
        assert len({getattr(s, part) for s in styles}) == 5
    Registries.load(Settings.from_env())  # every registry of the folder accepts it


def test_more_tables_than_styles_is_refused_with_the_limit(data_copy):
    seminar = data_copy / "seminar.toml"
    text = seminar.read_text(encoding="utf-8")
    cut = text.index("[[sessions]]")
    extra = "".join(FIFTH.replace("rt5", f"rt{n}") for n in range(5, MAX_ROUND_TABLES + 2))
    seminar.write_text(text[:cut] + extra + "\n" + text[cut:], encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        load_seminar(data_copy)
    (problem,) = refused.value.problems
    assert problem.column == "round_tables" and problem.reason == "too_many"
    assert problem.describe(Translator("es")) == f"Columna «round_tables»: hay más de {len(THEME_STYLES)}"


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", [route.script for route in routes.ROUTES])
def test_every_page_runs_with_five_tables(app, five_tables, page, lang):
    at = app(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]


def test_texts_count_the_tables_from_the_data(app, five_tables):
    at = app()
    text = " ".join(m.value for m in at.markdown)
    assert "Las cinco mesas de trabajo de la Sesión 2" in text
    assert "Cooperación entre gobiernos locales" in text
    assert "cuatro mesas" not in text
    catalogue = load_catalogue(five_tables)
    assert not any(
        "cuatro mesas" in texts["es"] or "four round" in texts["en"] for texts in catalogue.values()
    )


PRIORITY_TITLES = {
    "es": {
        "<b>Áreas por índice de prioridad</b>",
        "<b>Capacidad frente a prioridad</b>",
        "<b>Áreas por país (índice promedio)</b>",
    },
    "en": {
        "<b>Areas by priority index</b>",
        "<b>Capacity against priority</b>",
        "<b>Areas by country (mean index)</b>",
    },
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_presenter_shows_every_step_of_every_table(app, five_tables, lang):
    at = app(routes.script("presenter"), lang=lang)
    at.toggle(key="pr_reveal").set_value(True).run()
    picker = f"pr_theme@{lang}"
    for theme in ["all", "rt1", "rt5"]:
        if theme:
            at.segmented_control(key=picker).set_value(theme).run()
        titles = set()
        for _ in range(8):  # every step (fewer than eight; forward goes round to the first again)
            assert not at.exception, [e.value for e in at.exception]
            for chart in at.get("plotly_chart"):
                titles.add(json.loads(chart.proto.spec)["layout"]["title"]["text"])
            at.button(key="pr_forward").click().run()
        # The three priority charts of this table (the other steps draw questions, words, evaluation).
        assert len(titles & PRIORITY_TITLES[lang]) == 3
    at.segmented_control(key=picker).set_value("all").run()
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert len({trace["marker"]["color"] for trace in bars}) == len(bars)


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("scope", SCOPES)
def test_every_export_is_written(five_tables, scope, file_format, tmp_path):
    q = load_questionnaire(five_tables)
    store = Store.open(tmp_path / "app.duckdb")
    place = store.submitted_answers()["place_id"].iloc[0]
    country = store.places(igm_only=False).set_index("place_id").loc[place, "country"]
    request = ExportRequest(
        scope,
        file_format,
        place_id=place if scope == "local_government" else None,
        country=country if scope == "country" else None,
    )
    t = Translator("es", load_catalogue(five_tables))
    data = export_file(store, q, t, request)
    store.close()
    if file_format == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "Área cinco" in text or "Mesa 5" in text or scope != "local_government"
    assert data


def test_xlsform_converts_with_pyxform_and_has_the_fifth_table(five_tables, tmp_path):
    q = load_questionnaire(five_tables)
    store = Store.open(tmp_path / "app.duckdb")
    form = build_form(q, store.places(igm_only=False), store.countries())
    store.close()
    assert form.warnings == []
    names = {f.name for f in form.fields}
    assert {f"rt5_{n}_capacity" for n in range(1, 5)} <= names


def test_paper_form_prints_the_fifth_table(five_tables):
    q = load_questionnaire(five_tables)
    data = paper_form_pdf(q, Translator("es", load_catalogue(five_tables)), "Danlí", "Honduras")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)
    assert "Cooperación entre gobiernos locales" in text and "Área cinco 4" in text
