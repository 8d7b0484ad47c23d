"""Hostile text never acts: user text shown literally in Markdown, only http(s) links stored or drawn."""

import pytest

from indicators.framework import load_framework
from indicators.layers import import_layer
from indicators.questionnaire import load_questionnaire
from indicators.results import read_results
from indicators.validation import DataFileError
from tests.conftest import complete, organiser, shown
from tests.test_layers import honduras_layer
from ui import data as ui_data
from ui import routes
from ui.lang import link, literal

HOSTILE = (
    '<img src="http://tracker.invalid/x.png">',
    "<style>body{display:none}</style>",
    "[Entre aquí](http://phish.invalid) ![](http://tracker.invalid/y.png)",
    "**negrita** _cursiva_ `código` ~~tachado~~ $x^2$ :red[rojo] color:red",
    "# título",
    "- lista",
    "12. lista numerada",
    "> cita",
    "&lt;entidad&gt;",
    "www.phish.invalid y alguien@correo.invalid",
)


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_text_reads_back_unchanged(text):
    escaped = literal(text)
    assert shown(escaped) == text
    for active in ("<", "[", "*", "_", "`", "~", "$", "&", ":"):
        assert active not in escaped.replace(f"\\{active}", "")  # every one of them escaped
    assert "http://" not in escaped and "www." not in escaped and "@correo" not in escaped  # no autolink


def test_line_breaks_cannot_open_blocks():
    assert shown(literal("uno\n# dos\n\n- tres")) == "uno # dos - tres"


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://www.migrationdataportal.org/es", True),
        ("http://example.org/a b", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("//evil.invalid", False),
        ("", False),
    ],
)
def test_links_only_for_web_addresses(url, linked):
    text = link("Fuente", url)
    assert text.startswith("[Fuente](<http") == linked
    if not linked:
        assert "](" not in text


def test_a_layer_url_that_is_not_http_is_refused(store, tmp_path):
    path = honduras_layer(tmp_path)
    with pytest.raises(DataFileError) as caught:
        import_layer(
            store, path.read_bytes(), path.name, "HND", "adm2", "ADM2_PCODE", "ADM2_ES", "HDX", "CC BY",
            "javascript:alert(document.cookie)",
        )  # fmt: skip
    assert [(p.column, p.reason) for p in caught.value.problems] == [("url", "bad_url")]
    assert store.imported_layers().empty


@pytest.mark.parametrize(
    "source, refused",
    [
        ("javascript:alert(1)", True),
        ("data:text/html;base64,PGI+eDwvYj4=", True),
        ("file:///etc/passwd", True),
        ("ftp://example.org/perfil.pdf", True),
        ("https://www.migrationdataportal.org/es/overviews/mgi/honduras-danli", False),
        ("Perfil IGM local de Danlí: p. 3", False),
    ],
)
def test_a_findings_source_that_is_a_foreign_link_is_refused(source, refused):
    data = f'place_id,domain,finding_type,finding,source,page\nhnd-danli,1,potential,Texto,"{source}",\n'
    if refused:
        with pytest.raises(DataFileError) as caught:
            read_results(data.encode(), "r.csv", load_framework(), {"hnd-danli"})
        assert [(p.row, p.column, p.reason) for p in caught.value.problems] == [(2, "source", "unsafe_link")]
    else:
        read_results(data.encode(), "r.csv", load_framework(), {"hnd-danli"})


def test_profile_shows_imported_html_as_text(app):
    """The AppTest side of the browser test: the page's Markdown holds the findings escaped."""
    at = app(routes.script("profile"))
    data = (
        "place_id,domain,finding_type,finding,source,page\n"
        'hnd-danli,1,potential,"<style>body{display:none}</style>",<small>OIM</small>,\n'
    )
    checked = read_results(data.encode(), "r.csv", load_framework(), {"hnd-danli"})
    ui_data.store().import_results(checked.findings, checked.answers, "r.csv")
    at.selectbox(key="profile_pick").select("hnd-danli").run()
    finding = next(m.value for m in at.markdown if "display" in m.value)
    assert "<style>" not in finding and "<small>" not in finding
    assert shown(finding).startswith("- <style>body{display:none}</style>")
    assert not at.exception


def test_organiser_summary_names_a_place_literally(app):
    """A place name an organiser typed, in the caption that says whose answers a summary counts."""
    name = "![](http://tracker.invalid/t.png) <b>Villa</b>"
    store = ui_data.store()
    store.register_place("hnd-villa", name, "municipality", "HND", "", "")
    assessment_id, _ = store.create_assessment("hnd-villa")
    store.submit_assessment(assessment_id, complete("hnd-villa"), load_questionnaire(), "Ana")
    at = organiser(app, tab="org.summaries_title")
    at.selectbox(key="org_export_place").set_value("hnd-villa").run()
    [caption] = [c.value for c in at.caption if "Villa" in c.value]
    assert "![](" not in caption and "<b>" not in caption
    assert name in shown(caption)
    assert not at.exception
