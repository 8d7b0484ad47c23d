"""The framework, results in the store (replace, keep history, never mix examples), and the profile page."""

import random

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.demo import example_results, generate_results
from indicators.framework import load_framework
from indicators.profiles import answer_counts, compare, findings_by_domain
from indicators.store import Store
from tests.conftest import BACKENDS, store_on_backend
from ui import routes

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

FRAMEWORK = load_framework()
PAGE = routes.script("profile")


def real_results(place_id: str, text: str = "Existe una oficina municipal de atención a personas migrantes."):
    findings = pd.DataFrame(
        [
            (place_id, "whole_of_government", "well_developed", text, "Perfil IGM local 2020", 12),
            (
                place_id,
                "partnerships",
                "potential",
                "No hay acuerdos con consulados.",
                "Perfil IGM local 2020",
                None,
            ),
        ],
        columns=["place_id", "domain", "finding_type", "finding", "source", "page"],
    ).astype({"page": "Int64"})
    answers = pd.DataFrame(
        [
            (
                place_id,
                "2.1.1",
                "whole_of_government",
                "institutional_framework",
                "¿Existe una oficina…?",
                "met",
                "Perfil IGM local 2020",
            ),
            (place_id, "3.1.1", "partnerships", "", "¿Hay acuerdos…?", "not_met", "Perfil IGM local 2020"),
        ],
        columns=["place_id", "indicator_code", "domain", "subarea", "indicator_text", "answer", "source"],
    )
    return findings, answers


def test_framework_has_six_domains_and_flags_unofficial_names():
    assert list(FRAMEWORK.domains["number"]) == [1, 2, 3, 4, 5, 6]
    assert FRAMEWORK.domains.loc["rights", "name_es_official"]
    assert not FRAMEWORK.domains.loc["crises", "name_es_official"]
    assert (
        FRAMEWORK.domain_key("6") == "safe_migration"
        and FRAMEWORK.domain_key("Partnerships") == "partnerships"
    )
    assert FRAMEWORK.domain_key("Alianzas") == "partnerships"
    assert FRAMEWORK.domain_key("whole-of-government approach") == "whole_of_government"
    assert FRAMEWORK.domain_key("Dimensión de movilidad en situaciones de crisis") == "crises"
    assert FRAMEWORK.domain_key("7") is None and FRAMEWORK.domain_key("Vivienda") is None
    assert set(FRAMEWORK.subareas["domain"]) == {"rights", "whole_of_government", "partnerships"}


def test_import_replaces_per_place_keeps_history_and_is_idempotent(store):
    findings, answers = real_results("mex-oaxaca")
    assert store.import_results(findings, answers, "oaxaca.csv") == {
        ("mex-oaxaca", "findings"): "new",
        ("mex-oaxaca", "answers"): "new",
    }
    assert set(store.import_results(findings, answers, "oaxaca.csv").values()) == {"unchanged"}
    newer, _ = real_results("mex-oaxaca", text="Hay una oficina y un plan municipal.")
    outcome = store.import_results(newer, answers.iloc[0:0], "oaxaca-2.csv")
    assert outcome == {("mex-oaxaca", "findings"): "replaced"}
    current = store.current_findings(["mex-oaxaca"])
    assert "Hay una oficina y un plan municipal." in set(current["finding"])
    assert len(store.current_answers(["mex-oaxaca"])) == 2  # the answers were not in the new file
    history = store.results_imports("mex-oaxaca")
    assert len(history) == 3 and history["is_current"].sum() == 2


def test_example_results_never_replace_real_ones(store):
    findings, answers = real_results("mex-chihuahua")
    store.import_results(findings, answers, "chihuahua.xlsx")
    fake_findings, fake_answers = example_results(["mex-chihuahua"], FRAMEWORK, random.Random(1))
    outcome = store.import_results(fake_findings, fake_answers, "demo-data", is_example=True)
    assert set(outcome.values()) == {"kept_real"}
    assert not store.current_findings(["mex-chihuahua"])["is_example"].any()
    chosen = generate_results(store, FRAMEWORK, 30)
    assert "mex-chihuahua" not in chosen
    example = store.current_findings(chosen)
    assert example["is_example"].all() and example["finding"].str.contains("EJEMPLO").all()
    # a real file replaces example results
    findings, answers = real_results(chosen[0])
    assert store.import_results(findings, answers, "real.csv")[(chosen[0], "findings")] == "replaced"
    assert not store.current_findings([chosen[0]])["is_example"].any()


def test_profile_views_group_count_and_compare_without_scores(store):
    findings, answers = real_results("mex-oaxaca")
    store.import_results(findings, answers, "oaxaca.csv")
    grouped = findings_by_domain(store.current_findings(["mex-oaxaca"]), FRAMEWORK)
    assert list(grouped) == list(FRAMEWORK.domains.index)
    assert [r["finding"] for r in grouped["partnerships"]["potential"]] == ["No hay acuerdos con consulados."]
    counts = answer_counts(store.current_answers(["mex-oaxaca"]), FRAMEWORK, "es")
    assert counts.values.tolist() == [
        ["Enfoque de gobierno integral · Marco institucional", "met", 1],
        ["Alianzas", "not_met", 1],
    ]
    table = compare(
        ["mex-oaxaca", "hnd-danli"],
        store.current_findings(["mex-oaxaca"]),
        store.current_answers(["mex-oaxaca"]),
        FRAMEWORK,
    )
    assert table.loc["whole_of_government", "mex-oaxaca"] == {
        "developed": 1,
        "potential": 0,
        "met": 1,
        "total": 1,
    }
    assert table["hnd-danli"].isna().all()
    assert list(table.index) == list(FRAMEWORK.domains.index)  # domain by domain, no total row


@pytest.fixture
def with_results(tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    store.import_results(*real_results("mex-oaxaca"), "oaxaca.csv")
    chosen = generate_results(store, FRAMEWORK, 1)
    store.close()
    return chosen[0]


def test_profile_page_shows_findings_by_domain(app, with_results):
    at = app(PAGE)
    assert "no es una clasificación" in at.info[0].value
    at.selectbox(key="profile_pick").set_value("mex-oaxaca").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Existe una oficina municipal de atención a personas migrantes." in text
    assert "Perfil IGM local 2020, p. 12" in text
    headings = [e.label for e in at.expander]
    assert "2. Enfoque de gobierno integral (traducción sugerida)" in headings
    assert "1. Derechos de las personas migrantes" in headings
    assert at.get("plotly_chart"), "the indicator answers chart is drawn"
    assert not any("EJEMPLO" in w.value for w in at.warning)


def test_profile_without_results_links_the_published_report(app, with_results):
    at = app(PAGE, lang="en")
    at.selectbox(key="profile_pick").set_value("hnd-danli").run()
    assert "No local MGI results for Danlí have been loaded" in at.warning[0].value
    assert "https://nortedecentroamerica.iom.int" in "\n".join(m.value for m in at.markdown)


def test_example_profile_is_labelled_and_comparison_has_no_ranking(app, with_results):
    at = app(PAGE)
    at.selectbox(key="profile_pick").set_value(with_results).run()
    assert any("DATOS DE EJEMPLO" in w.value for w in at.warning)
    at.multiselect(key="profile_compare").set_value(["mex-oaxaca", with_results, "hnd-omoa"]).run()
    table = at.table[-1].value
    assert table.columns[0] == "Oaxaca (MEX)" and table.columns[2] == "Omoa (HND)"
    assert table.loc["2. Enfoque de gobierno integral (traducción sugerida)", "Oaxaca (MEX)"].startswith(
        "1 bien desarrollada · 0 con potencial"
    )
    assert set(table["Omoa (HND)"]) == {"sin resultados"}
    assert len(table) == 6
    assert any("DATOS DE EJEMPLO" in w.value for w in at.warning)


@pytest.mark.parametrize("lang, query", [("es", "lugar=mex-oaxaca"), ("en", "lugar=mex-oaxaca&lang=en")])
def test_map_card_links_to_the_profiles_own_address(app, with_results, lang, query):
    at = app(routes.script("map"), lang=lang)
    at.selectbox(key="place_pick").set_value("mex-oaxaca").run()
    (link,) = at.get("page_link")
    assert link.proto.page == routes.url_path("profile") and link.proto.query_string == query


def profile_at(address: dict) -> AppTest:
    """The app opened at /perfiles?<address>, as a shared link or a reload opens it."""
    at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    at.query_params.update(address)
    at.run()
    return at.switch_page(PAGE).run()


def test_a_profile_has_an_address_that_opens_it_and_follows_the_choice(with_results, tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    at = profile_at({"lugar": "mex-oaxaca"})
    assert at.selectbox(key="profile_pick").value == "mex-oaxaca"
    assert at.header[0].value == "Oaxaca"
    # Another place chosen in the list: the address follows, so a reload keeps it.
    at.selectbox(key="profile_pick").set_value("hnd-omoa").run()
    assert at.query_params["lugar"] == "hnd-omoa" and at.header[0].value == "Omoa"
    reloaded = profile_at({"lugar": "hnd-omoa"})
    assert reloaded.selectbox(key="profile_pick").value == "hnd-omoa"
    # The language combines with it.
    english = profile_at({"lugar": "mex-oaxaca", "lang": "en"})
    assert english.title[0].value == "Local MGI profiles" and english.header[0].value == "Oaxaca"
    assert english.query_params["lang"] == "en" and english.query_params["lugar"] == "mex-oaxaca"


def test_an_unknown_place_in_the_address_is_said_not_hidden(with_results, tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    at = profile_at({"lugar": "xyz-nowhere"})
    assert not at.exception
    assert any("«xyz-nowhere»" in w.value for w in at.warning)
    assert at.selectbox(key="profile_pick").value is None and "lugar" not in at.query_params
