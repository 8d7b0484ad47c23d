"""The catalogue of texts: every key in both languages, every key the code uses exists."""

import re

import pytest

from indicators import places
from indicators.config import PROJECT_DIR
from indicators.i18n import LANGUAGES, Translator, load_catalogue, missing_translations
from indicators.summary import SCOPES
from indicators.validation import DataFileError

CATALOGUE = load_catalogue()
SOURCES = [
    *PROJECT_DIR.glob("views/**/*.py"),
    PROJECT_DIR / "app.py",
    *PROJECT_DIR.glob("ui/*.py"),
    *PROJECT_DIR.glob("indicators/**/*.py"),
]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_.]+)["']""")


def test_every_key_has_every_language():
    assert missing_translations(CATALOGUE) == []


def test_feature_files_join_the_catalogue(data_copy):
    (data_copy / "i18n").mkdir(exist_ok=True)
    (data_copy / "i18n" / "zz_feature.toml").write_text(
        '[feature]\nhello = { es = "hola", en = "hello" }\n', encoding="utf-8"
    )
    catalogue = load_catalogue(data_copy)
    assert catalogue["feature.hello"] == {"es": "hola", "en": "hello"}
    assert catalogue["app.name"] == CATALOGUE["app.name"]


@pytest.mark.parametrize(
    "text, reason, row",
    [
        ('[app]\nname = { es = "otro", en = "other" }\n', "duplicate_key", 2),  # already in i18n.toml
        ('[feature]\n\nbye = { es = "", en = "bye" }\n', "required", 3),
    ],
)
def test_a_feature_file_may_not_repeat_a_key_or_miss_a_language(data_copy, text, reason, row):
    (data_copy / "i18n").mkdir(exist_ok=True)
    (data_copy / "i18n" / "zz_feature.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        load_catalogue(data_copy)
    assert refused.value.source == "i18n/zz_feature.toml"
    assert [(p.reason, p.row) for p in refused.value.problems] == [(reason, row)]


def test_missing_language_is_detected():
    assert missing_translations({"x.y": {"es": "hola", "en": " "}}) == ["x.y [en]"]


def test_every_literal_key_used_in_code_exists():
    used = {key for path in SOURCES for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert used, "the scan found no keys: the pattern is broken"
    assert sorted(used - set(CATALOGUE)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_registries_are_translated(language):
    t = Translator(language)
    for key in [
        *(f"levels.{v}" for v in places.PLACE_LEVELS),
        *(f"map_status.{s.key}" for s in places.MAP_STATUSES),
        *(f"{kind}_{scope}" for scope in SCOPES for kind in ("org.scope", "export.title", "export.sheet")),
        *(
            f"status_phrase.{s}_{k}"
            for s in ("completed", "in_progress")
            for k in ("day", "period", "undated")
        ),
    ]:
        assert t.catalogue.get(key, {}).get(language), key


def test_placeholders_match_between_languages():
    field = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")
    for key, texts in CATALOGUE.items():
        assert set(field.findall(texts["es"])) == set(field.findall(texts["en"])), key
