"""The catalogue of interface texts (data/i18n.toml): Spanish first, English complete.

Every text the user reads is looked up here by key, so a missing translation is a test failure
rather than a half-English page.
"""

import datetime as dt
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from indicators.config import DATA_DIR
from indicators.validation import DataFileError, Problem

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
CATALOGUE_FILE = "i18n.toml"
CATALOGUE_DIR = "i18n"  # one more file of texts per feature


def fold(text: str) -> str:
    """ "Áreas  bien-desarrolladas" → "areas bien desarrolladas": how typed labels are compared,
    whatever the accents, case, hyphens, underscores and spacing."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def read_toml(path: Path) -> dict:
    """A bundled TOML file, or a DataFileError saying it is missing or where it does not parse."""
    if not path.is_file():
        raise DataFileError(path.name, [Problem(None, None, "", "not_found", {"path": str(path)})])
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(
            path.name, [Problem(None, None, "", "unreadable_toml", {"detail": str(exc)})]
        ) from exc


@cache
def load_catalogue(data_dir: Path = DATA_DIR) -> dict[str, dict[str, str]]:
    """Flatten the TOML tables into {"section.key": {"es": ..., "en": ...}}, every text present.

    The catalogue is `i18n.toml` plus one file per feature in `i18n/` (e.g. `i18n/accounts.toml`), so each
    feature keeps its texts together; a key may be written in one file only.
    """
    flat: dict[str, dict[str, str]] = {}
    for path in catalogue_files(data_dir):
        texts = _flatten(read_toml(path))
        lines = key_lines(path.read_text(encoding="utf-8"))
        problems = [Problem(lines.get(key), None, key, "duplicate_key") for key in texts if key in flat]
        for entry in missing_translations(texts):
            key, lang = entry[:-1].split(" [")
            problems.append(Problem(lines.get(key), lang, key, "required"))
        if problems:
            raise DataFileError(path.relative_to(data_dir).as_posix(), problems)
        flat.update(texts)
    return flat


def catalogue_files(data_dir: Path) -> list[Path]:
    """`i18n.toml` first, then the feature files of `i18n/` in name order."""
    return [data_dir / CATALOGUE_FILE, *sorted((data_dir / CATALOGUE_DIR).glob("*.toml"))]


def _flatten(raw: dict) -> dict[str, dict[str, str]]:
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


TABLE_LINE = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*=")


def key_lines(text: str) -> dict[str, int]:
    """{"section.key": line number} for the `key = …` lines of a TOML file, so a problem can say
    where it is (tables of tables, "[[…]]", are left out: their entries have no single name)."""
    lines, table = {}, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if match := TABLE_LINE.match(line):
            table = match.group(1).strip()
        elif match := KEY_LINE.match(line):
            key = match.group(1)
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


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
        # Without a catalogue: the repository's own (tests, and messages about a broken data folder).
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.catalogue = catalogue if catalogue is not None else load_catalogue()

    def __call__(self, key: str, **params) -> str:
        texts = self.catalogue.get(key)
        if texts is None:
            # A missing key shows itself rather than crashing a page; the catalogue test catches it.
            return key
        text = texts.get(self.language) or texts[DEFAULT_LANGUAGE]
        return text.format(**params)

    def number_word(self, n: int) -> str:
        """ "cuatro" / "four" for the small counts prose writes in words (the catalogue's `numbers`);
        digits beyond them."""
        key = f"numbers.n{n}"
        return self(key) if key in self.catalogue else str(n)

    def long_date(self, day: dt.date) -> str:
        """ "12 de septiembre de 2022" / "12 September 2022"."""
        month = self(f"months.m{day.month:02d}")
        return self("dates.long", day=day.day, month=month, year=day.year)
