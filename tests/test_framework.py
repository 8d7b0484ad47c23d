"""indicators/framework.py: the six IGM domains and their sub-areas, read from the data folder and checked
on load; how a domain written in a file is recognised and named in each language."""

import shutil

import pytest

from indicators.config import DATA_DIR
from indicators.framework import load_framework
from indicators.i18n import Translator
from indicators.validation import DataFileError
from tests.conftest import replace_in_file

FRAMEWORK = load_framework()


@pytest.fixture
def folder(tmp_path):
    """A data folder holding only the framework's two files, to break."""
    for name in ("igm_domains.csv", "igm_subareas.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def refusal(folder) -> list[str]:
    with pytest.raises(DataFileError) as caught:
        load_framework(folder)
    assert caught.value.source == "igm_domains.csv / igm_subareas.csv"
    return caught.value.describe(Translator("es"))


def test_the_six_domains_come_in_migof_order_with_names_in_both_languages():
    assert list(FRAMEWORK.domains.index) == [
        "rights",
        "whole_of_government",
        "partnerships",
        "well_being",
        "crises",
        "safe_migration",
    ]
    assert list(FRAMEWORK.domains["number"]) == [1, 2, 3, 4, 5, 6]
    assert FRAMEWORK.domain_name("partnerships", "es") == "Alianzas"
    assert FRAMEWORK.domain_name("partnerships", "en") == "Partnerships"
    assert FRAMEWORK.domains["migof_element_en"].str.match(r"^(Principle|Objective) \d: ").all()


def test_only_the_first_spanish_domain_name_is_official():
    assert FRAMEWORK.domains["name_es_official"].tolist() == [True, False, False, False, False, False]


def test_sub_areas_belong_to_their_domain_and_domains_four_to_six_have_none():
    rights = FRAMEWORK.subareas_of("rights")
    assert len(rights) > 0 and set(rights["domain"]) == {"rights"}
    assert "Reunificación familiar" in set(rights["name_es"]) and "Family reunification" in set(
        rights["name_en"]
    )
    for domain in ("well_being", "crises", "safe_migration"):
        assert FRAMEWORK.subareas_of(domain).empty
    assert not FRAMEWORK.subareas.duplicated(["domain", "key"]).any()


def test_a_domain_is_recognised_by_key_number_or_either_name_whatever_the_accents():
    assert FRAMEWORK.domain_key(" DERECHOS de las personas migrantes ") == "rights"
    assert FRAMEWORK.domain_key("Dimension de movilidad en situaciones de crisis") == "crises"
    assert FRAMEWORK.domain_key(4) == "well_being"
    assert FRAMEWORK.domain_key("well_being") == "well_being"
    assert FRAMEWORK.domain_key("") is None and FRAMEWORK.domain_key("Principle 3: partnerships") is None


def test_the_domains_are_read_in_migof_order_whatever_the_order_of_the_file(folder):
    path = folder / "igm_domains.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([header, *reversed(rows)]) + "\n", encoding="utf-8")
    assert list(load_framework(folder).domains["number"]) == [1, 2, 3, 4, 5, 6]


def test_a_framework_without_six_domains_is_refused(folder):
    path = folder / "igm_domains.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # domain 6 left out
    assert refusal(folder) == ["Columna «number»: el marco debe tener exactamente los dominios 1 a 6"]


def test_a_sub_area_of_an_unknown_domain_is_refused_with_its_row(folder):
    replace_in_file(
        folder / "igm_subareas.csv", "rights,family_reunification", "derechos,family_reunification"
    )
    [message] = refusal(folder)
    assert message.startswith(
        "Fila 3, columna «domain», valor «derechos»: valor no admitido; use uno de: rights,"
    )


def test_missing_columns_and_repeated_sub_areas_are_refused(folder):
    replace_in_file(folder / "igm_subareas.csv", "domain,key,name_en,name_es", "domain,key,name_en,nombre")
    assert refusal(folder) == ["Columna «name_es»: falta esta columna"]
    replace_in_file(folder / "igm_subareas.csv", "domain,key,name_en,nombre", "domain,key,name_en,name_es")
    path = folder / "igm_subareas.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert refusal(folder) == ["Columna «key»: clave repetida"]
