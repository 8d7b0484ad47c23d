"""The catalogue of interface texts (data/i18n.toml): Spanish first, English complete.

Every text the user reads is looked up here by key, so a missing translation is a test failure
rather than a half-English page.
"""

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from indicators.config import DATA_DIR

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
CATALOGUE_PATH = DATA_DIR / "i18n.toml"


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, dict[str, str]]:
    """Flatten the TOML tables into {"section.key": {"es": ..., "en": ...}}."""
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: dict) -> None:
        for key, value in table.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and not set(value) <= set(LANGUAGES):
                walk(name, value)
            else:
                flat[name] = value

    walk("", raw)
    return flat


def missing_translations(catalogue: dict[str, dict[str, str]]) -> list[str]:
    """Keys lacking a non-empty text in some language, as "key [lang]"."""
    return [
        f"{key} [{lang}]"
        for key, texts in catalogue.items()
        for lang in LANGUAGES
        if not str(texts.get(lang, "")).strip()
    ]


class Translator:
    """`t("map.title")` or `t("problems.out_of_range", low=-90, high=90)` in one language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, catalogue: dict | None = None):
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.catalogue = catalogue if catalogue is not None else load_catalogue()

    def __call__(self, key: str, **params) -> str:
        texts = self.catalogue.get(key)
        if texts is None:
            # A missing key shows itself rather than crashing a page; the catalogue test catches it.
            return key
        text = texts.get(self.language) or texts[DEFAULT_LANGUAGE]
        return text.format(**params)

    def long_date(self, day: dt.date) -> str:
        """ "12 de septiembre de 2022" / "12 September 2022"."""
        month = self(f"months.m{day.month:02d}")
        return self("dates.long", day=day.day, month=month, year=day.year)
