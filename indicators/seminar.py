"""The seminar's own facts (dates, place, time zone, round tables, agenda) from data/seminar.toml, checked
on load, and the time zone the app shows times in.

The round tables are the self-assessment's themes (questionnaire.py reads them from here), so a
round table without its key or a text in either language is refused like any broken data file.
Rows are positions in a list (round table 1 = row 1), columns the field ("round_tables.en").
"""

import datetime as dt
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from indicators.config import DATA_DIR
from indicators.i18n import LANGUAGES, key_lines, read_toml
from indicators.palette import MAX_ROUND_TABLES
from indicators.rounds import round_problems
from indicators.validation import DataFileError, Problem

SEMINAR_FILE = "seminar.toml"
# IGM_TIMEZONE's value that shows each visitor the times of their own browser's zone.
BROWSER_ZONE = "browser"


@cache
def load_seminar(data_dir: Path = DATA_DIR) -> dict:
    path = data_dir / SEMINAR_FILE
    raw = read_toml(path)
    problems = check_seminar(raw, key_lines(path.read_text(encoding="utf-8")))
    if problems:
        raise DataFileError(SEMINAR_FILE, problems)
    return raw


def check_seminar(raw: dict, lines: dict[str, int] | None = None) -> list[Problem]:
    """Every problem of the seminar file; `lines` places top-level fields on their line."""
    lines = lines or {}
    problems = []
    for field in ("title", "place"):
        for lang in LANGUAGES:
            if not _text(raw.get(field, {}), lang):
                problems.append(Problem(lines.get(f"{field}.{lang}"), f"{field}.{lang}", "", "required"))
    if not str(raw.get("source", "")).strip():
        problems.append(Problem(lines.get("source"), "source", "", "required"))
    for field in ("start", "end"):
        if not isinstance(raw.get(field), dt.date):
            problems.append(Problem(lines.get(field), field, str(raw.get(field, "")), "bad_date"))
    if zone_or_none(raw.get("timezone")) is None:
        zone = str(raw.get("timezone", ""))
        problems.append(Problem(lines.get("timezone"), "timezone", zone, "bad_timezone"))
    problems += round_problems(raw, lines)  # the seminar's own round of the self-assessment
    if not raw.get("round_tables"):
        problems.append(Problem(None, "round_tables", "", "missing_column"))
    elif len(raw["round_tables"]) > MAX_ROUND_TABLES:
        # Every chart tells the tables apart by a style of their own (indicators/palette.py).
        count = str(len(raw["round_tables"]))
        problems.append(Problem(None, "round_tables", count, "too_many", {"most": MAX_ROUND_TABLES}))
    seen = set()
    for row, table in enumerate(raw.get("round_tables", []), start=1):
        key = str(table.get("key", "")).strip()
        if not key:
            problems.append(Problem(row, "round_tables.key", "", "required"))
        elif key in seen:
            problems.append(Problem(row, "round_tables.key", key, "duplicate_key"))
        seen.add(key)
        for lang in LANGUAGES:
            if not _text(table, lang):
                problems.append(Problem(row, f"round_tables.{lang}", key, "required"))
    for row, session in enumerate(raw.get("sessions", []), start=1):
        for lang in LANGUAGES:
            if not _text(session.get("title", {}), lang):
                problems.append(
                    Problem(row, f"sessions.title.{lang}", str(session.get("key", "")), "required")
                )
            if not isinstance(session.get("items", {}).get(lang), list):
                problems.append(
                    Problem(row, f"sessions.items.{lang}", str(session.get("key", "")), "required")
                )
    return problems


def zone_or_none(name) -> ZoneInfo | None:
    """The IANA time zone of that name ("America/El_Salvador"), or None when there is none."""
    try:
        return ZoneInfo(name) if isinstance(name, str) and name.strip() else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def shown_zone(setting: str, seminar_zone: str, browser_zone: str | None) -> ZoneInfo:
    """The zone every time is shown in: the setting's (IGM_TIMEZONE: a zone name, or "browser" for the
    visitor's own, as the browser reports it), else the seminar's. A setting that names no zone, or a
    browser that says none, falls back to the seminar's."""
    chosen = browser_zone if setting == BROWSER_ZONE else setting
    return zone_or_none(chosen) or ZoneInfo(seminar_zone)


def _text(table, lang: str) -> str:
    return str(table.get(lang, "")).strip() if isinstance(table, dict) else ""
