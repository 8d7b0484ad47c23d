"""The catalogue of texts: every key in both languages, every key the code uses exists."""

import datetime as dt
import re

import pytest

from indicators import places
from indicators.config import PROJECT_DIR
from indicators.i18n import LANGUAGES, Translator, load_catalogue, missing_translations, text_forms
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
        found = {lang: [set(field.findall(form)) for form in text_forms(texts[lang])] for lang in LANGUAGES}
        # Every form of every language names the same values; a counted text names its count.
        assert len({frozenset(s) for forms in found.values() for s in forms}) == 1, key
        if isinstance(texts["es"], dict):
            assert "count" in found["es"][0], key


@pytest.mark.parametrize(
    "language, count, expected",
    [
        ("es", 1, "No se guardó: falta 1 respuesta, marcada en rojo."),
        ("es", 2, "No se guardó: faltan 2 respuestas, marcadas en rojo."),
        ("es", 0, "No se guardó: faltan 0 respuestas"),
        ("en", 1, "Not saved: 1 answer is missing"),
        ("en", 6, "Not saved: 6 answers are missing"),
    ],
)
def test_a_counted_text_agrees_with_its_count(language, count, expected):
    assert Translator(language)("consult.not_saved", count=count).startswith(expected)


def test_a_plural_text_needs_every_form_in_every_language():
    half = {"x.n": {"es": {"one": "{count} cosa", "other": "{count} cosas"}, "en": {"one": "{count} thing"}}}
    assert missing_translations(half) == ["x.n [en]"]


@pytest.mark.parametrize(
    "language, long, days, month, time",
    [
        ("es", "12 de septiembre de 2022", "12–13 de septiembre de 2022", "enero de 2022", "9:05:03"),
        # English as IOM and the UN write it (CLDR's en_GB): day first, a 24-hour clock.
        ("en", "12 September 2022", "12–13 September 2022", "January 2022", "09:05:03"),
    ],
)
def test_dates_and_times_are_written_in_the_language(language, long, days, month, time):
    t = Translator(language)
    assert t.long_date(dt.date(2022, 9, 12)) == long
    assert t.date_range(dt.date(2022, 9, 12), dt.date(2022, 9, 13)) == days
    assert t.date_range(dt.date(2022, 9, 12), dt.date(2022, 9, 12)) == long
    assert t.partial_date("2022-01") == month and t.partial_date("2022-09-12") == long
    assert t.partial_date("2020") == "2020" and t.partial_date("2022-13") == "2022-13"
    assert t.clock_time(dt.datetime(2026, 12, 5, 9, 5, 3)) == time


def test_no_month_names_are_typed_into_the_catalogue():
    months = re.compile(r"\b(enero|febrero|septiembre|diciembre|January|February|September|December)\b")
    typed = [
        key
        for key, texts in CATALOGUE.items()
        for lang in LANGUAGES
        for form in text_forms(texts[lang])
        if months.search(form)
    ]
    assert typed == []
