"""The catalogue of interface texts (data/i18n.toml): Spanish first, English complete.

Every text the user reads is looked up here by key, so a missing translation is a test failure
rather than a half-English page. A text that counts something gives one form per plural category
(`one`, `other`), and the count picks it; dates and clock times are written by Babel in the page's
language (CLDR's patterns), never from month names typed into the catalogue.
"""

import datetime as dt
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time

from indicators.config import DATA_DIR
from indicators.validation import DataFileError, Problem

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
CATALOGUE_FILE = "i18n.toml"
CATALOGUE_DIR = "i18n"  # one more file of texts per feature
# The forms of a counted text, e.g. `{ es = { one = "{count} respuesta", other = "{count} respuestas" } }`.
# Spanish and English need no more; a category a language has beyond them (Spanish "many", for
# a million) falls back to `other`. The `count` parameter picks the form.
PLURAL_FORMS = ("one", "other")
FULL_MONTH = re.compile(r"(?<!M)MMM(?!M)")  # an abbreviated month in a CLDR pattern


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
    """Keys lacking a non-empty text in some language (or a plural form of it), as "key [lang]"."""
    return [
        f"{key} [{lang}]"
        for key, texts in catalogue.items()
        for lang in LANGUAGES
        if not all(str(form).strip() for form in text_forms(texts.get(lang, "")))
    ]


def text_forms(text) -> list[str]:
    """The forms a text is written in: itself, or its plural forms (all of PLURAL_FORMS required)."""
    if isinstance(text, dict):
        return [text.get(form, "") for form in PLURAL_FORMS]
    return [text]


# The CLDR locale each language writes dates and times in. English is written as IOM and the UN write it
# ("12 September 2022", a 24-hour clock), not in the United States' style ("September 12, 2022, 10:27 AM").
BABEL_LOCALES = {"es": "es", "en": "en_GB"}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(language, language))


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
        if isinstance(text, dict):
            text = text.get(_locale(self.language).plural_form(params["count"])) or text["other"]
        return text.format(**params)

    def number_word(self, n: int) -> str:
        """ "cuatro" / "four" for the small counts prose writes in words (the catalogue's `numbers`);
        digits beyond them."""
        key = f"numbers.n{n}"
        return self(key) if key in self.catalogue else str(n)

    # --- dates and times, in the page's language -------------------------------------------------

    def long_date(self, day: dt.date) -> str:
        """ "12 de septiembre de 2022" / "12 September 2022"."""
        return format_date(day, "long", locale=_locale(self.language))

    def short_date(self, day: dt.date) -> str:
        """ "12 sept 2022" / "12 Sept 2022", for labels with little room."""
        return format_date(day, "medium", locale=_locale(self.language))

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """ "12–13 de septiembre de 2022" / "12–13 September 2022": what the two days share is said
        once, the month in full as in a long date (CLDR gives English only an abbreviated range)."""
        if start == end:
            return self.long_date(start)
        formats = _locale(self.language).interval_formats
        patterns = formats.get("yMMMMd") or {
            field: [FULL_MONTH.sub("MMMM", part) for part in parts]
            for field, parts in formats["yMMMd"].items()
        }
        field = "y" if start.year != end.year else "M" if start.month != end.month else "d"
        first, second = patterns[field]
        lang = _locale(self.language)
        return format_date(start, first, locale=lang) + format_date(end, second, locale=lang)

    def partial_date(self, text: str) -> str:
        """An ISO date that may stop at the month or the year ("2022-01-11", "2022-01", "2020"), in
        words: "11 de enero de 2022", "enero de 2022", "2020". Anything else is returned as it is."""
        try:
            if len(text) == 10:
                return self.long_date(dt.date.fromisoformat(text))
            if len(text) == 7:
                month = dt.date.fromisoformat(f"{text}-01")
                return format_skeleton("yMMMM", month, locale=_locale(self.language))
        except ValueError:
            pass
        return text

    def clock_time(self, moment: dt.datetime | dt.time) -> str:
        """ "10:27:36" in both languages: a time of day as the language writes it (no zone change here)."""
        return format_time(moment, "medium", locale=_locale(self.language))
