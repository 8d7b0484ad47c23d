"""The XLSForm through pyxform, the converter behind KoboToolbox and ODK Central: clean, with the rules."""

import dataclasses
import io
import re

import openpyxl
import pytest

from indicators.config import DATA_DIR
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from indicators.xlsform import FORM_ID, LABEL_EN, LABEL_ES, form_version, xlsform_bytes
from tests.form_exports import build_form

Q = load_questionnaire()


@pytest.fixture(scope="module")
def catalogue():
    store = Store.open(":memory:")
    store.load_bundled(DATA_DIR)
    yield store.places(igm_only=False), store.countries()
    store.close()


@pytest.fixture(scope="module")
def form(catalogue):
    return build_form(Q, *catalogue)


def fields(form):
    return {f.name: f for f in form.fields}


def test_pyxform_converts_it_without_errors_or_warnings(form):
    assert form.warnings == []
    assert f'id="{FORM_ID}"' in form.xform
    assert form.version == form_version(Q)


def test_local_government_is_a_catalogue_choice_filtered_by_country(form, catalogue):
    places, _ = catalogue
    by_name = fields(form)
    assert by_name["country"].choices == "countries"
    assert by_name["local_government"].choices == "places"
    assert set(form.choices["places"]) == set(places["place_id"])
    assert set(form.choices["countries"]) == set(places["country"])
    # pyxform turns choice_filter into a predicate on the places' country column.
    assert re.search(
        r"instance\('places'\)/root/item\[ *country *= *(current\(\)/\.\./| /data/)country *\]", form.xform
    )


def test_name_and_role_are_asked_only_of_those_who_do_not_answer_anonymously(form):
    by_name = fields(form)
    for name in ("respondent_name", "respondent_role"):
        assert "/data/anonymous" in by_name[name].relevant and "'no'" in by_name[name].relevant
    assert fields(form)["respondent_name"].required


def test_top3_offers_only_the_tables_areas_and_must_differ(form):
    by_name = fields(form)
    for theme in Q.themes:
        assert form.choices[f"areas_{theme}"] == [a.key for a in Q.areas_of(theme)]
        for rank in (1, 2, 3):
            assert by_name[f"{theme}_top{rank}"].choices == f"areas_{theme}"
            assert by_name[f"{theme}_top{rank}"].path == (theme, f"{theme}_top{rank}")
        assert fields(form)[f"{theme}_top1"].constraint == ""
        assert fields(form)[f"{theme}_top3"].constraint == (
            f". != /data/{theme}/{theme}_top1 and . != /data/{theme}/{theme}_top2"
        )


def test_every_area_is_asked_with_the_apps_scales_and_limits(form):
    by_name = fields(form)
    for area in Q.areas:
        assert by_name[f"{area.key}_capacity"].choices == "capacity"
        assert by_name[f"{area.key}_priority"].choices == "priority"
        assert by_name[f"{area.key}_capacity"].required
    assert form.choices["capacity"] == list(Q.scales["capacity"])
    assert by_name[f"{Q.areas[0].key}_action"].constraint == "string-length(.) <= 500"


def test_access_code_is_asked(form):
    assert "access_code" in {f.name for f in form.fields}


def test_version_changes_with_the_questionnaire_not_with_the_catalogue(catalogue):
    places, countries = catalogue
    renamed = dataclasses.replace(Q.areas[0], name={"es": "Otro nombre", "en": "Other name"})
    changed = dataclasses.replace(Q, areas=(renamed, *Q.areas[1:]))
    assert form_version(changed) != form_version(Q)
    fewer_places = build_form(Q, places.iloc[:-3], countries)
    assert fewer_places.version == form_version(Q)
    assert fewer_places.warnings == []


def test_xlsform_has_bilingual_labels_and_every_area(store):
    form = xlsform_bytes(Q, store.places(igm_only=False), store.countries())
    book = openpyxl.load_workbook(io.BytesIO(form))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].values)
    header = survey[0]
    assert LABEL_ES in header and LABEL_EN in header
    names = {row[header.index("name")] for row in survey[1:]}
    for area in Q.areas:
        assert {f"{area.key}_capacity", f"{area.key}_priority"} <= names
    choices = list(book["choices"].values)
    assert ("capacity", "0", "No existe", "Does not exist", None) in choices
    top2 = next(row for row in survey if row[1] == "rt1_top2")
    assert top2[header.index("constraint")] == ". != ${rt1_top1}"
