"""Good practices: what a local government did in one area of the self-assessment, told in its own
words, so that others with the same priority can learn from it.

Owns the contract of a practice (place, area, title, description, link, year, source), the reading
of a CSV of them (`read_practices`: refused whole, every problem named by row and column) and the
check of one practice typed in the profile's form (`check_practice`, the same rules), and the states a
practice goes through: `pending` when it comes in (from a file or a form), then `approved` or
`rejected` by the organisers. Only approved practices are shown to others, and their text is shown
exactly as written (never as HTML or Markdown). The bytes become rows in indicators/reader; storing
them is indicators/store/practices.py's.
"""

import datetime as dt
import random
import re
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from indicators.questionnaire import Questionnaire
from indicators.reader import Field, Table, check_envelope, check_rows, is_web_url, read_table
from indicators.validation import DataFileError, Problem

STATES = ("pending", "approved", "rejected")
# What an organiser decides; either may be changed later (a rejected practice approved after all).
DECISIONS = ("approved", "rejected")
COLUMNS = ("place_id", "area_key", "title", "description", "url", "year", "source")
LIMITS = {"title": 200, "description": 2000, "url": 500, "source": 300}
EXTENSIONS = (".csv", ".xlsx")
UPLOAD_MB = 2
MAX_FILE_BYTES = UPLOAD_MB * 1024 * 1024
FIRST_YEAR = 1990  # no local migration policy this dashboard covers is older
YEAR = re.compile(r"^\d{4}$")
# Example practices say so in their very title, in every language they may be read in.
EXAMPLE_MARK = "EJEMPLO / EXAMPLE"


@dataclass(frozen=True)
class Practice:
    place_id: str
    area_key: str
    title: str
    description: str = ""
    url: str = ""
    year: int | None = None
    source: str = ""


def _link_fault(text: str) -> tuple[str, dict] | None:
    return None if is_web_url(text) else ("practice_bad_link", {})


def _year_fault(high: int):
    def fault(text: str) -> tuple[str, dict] | None:
        if YEAR.match(text) and FIRST_YEAR <= int(text) <= high:
            return None
        return ("practice_bad_year", {"low": FIRST_YEAR, "high": high})

    return fault


def practice_fields(
    known_places: Collection[str], area_keys: Collection[str], today: dt.date
) -> tuple[Field, ...]:
    """The columns of a practice and their rules: a known place and area, a title, an http(s) link."""
    return (
        Field("place_id", required=True, choices=known_places, fault=("unknown_place", {})),
        Field("area_key", required=True, choices=area_keys, fault=("practice_unknown_area", {})),
        Field("title", required=True, limit=LIMITS["title"]),
        Field("description", limit=LIMITS["description"]),
        Field("url", limit=LIMITS["url"], check=_link_fault),
        Field("year", check=_year_fault(today.year)),
        Field("source", limit=LIMITS["source"]),
    )


def _repeats():
    """A row_check: the same practice (place, area, title) twice in one file is a mistake."""
    first: dict[tuple[str, str, str], int] = {}

    def check(number: int, values: dict[str, str], faulty: set[str]):
        if not values["title"]:
            return []
        identity = (values["place_id"], values["area_key"], values["title"].casefold())
        if identity in first:
            return [("title", "practice_duplicate", {"first": first[identity]})]
        first[identity] = number
        return []

    return check


def _practice(values: dict[str, str]) -> Practice:
    return Practice(
        values["place_id"],
        values["area_key"],
        values["title"],
        values["description"],
        values["url"],
        int(values["year"]) if values["year"] else None,
        values["source"],
    )


def read_practices(
    data: bytes,
    file_name: str,
    known_places: Collection[str],
    area_keys: Collection[str],
    today: dt.date | None = None,
) -> list[Practice]:
    """Every practice of a CSV (or a workbook's first sheet), or DataFileError listing every problem
    (row, column, value, why): an unknown place or area, a link that is not http(s), a missing title…"""
    check_envelope(file_name, len(data), EXTENSIONS, MAX_FILE_BYTES)
    notes: list[Problem] = []
    table = read_table(data, file_name, notes)
    fields = practice_fields(set(known_places), set(area_keys), today or dt.date.today())
    rows, problems = check_rows(table, fields, _repeats())
    if problems:
        raise DataFileError(file_name, problems)
    return [_practice(row.values) for row in rows]


def check_practice(
    values: dict[str, str],
    known_places: Collection[str],
    area_keys: Collection[str],
    today: dt.date | None = None,
) -> tuple[Practice | None, list[Problem]]:
    """One practice typed in a form, under the very rules of a file: (the practice, []) or
    (None, its problems, each naming its field in `column`)."""
    cells = [str(values.get(column) or "").strip() for column in COLUMNS]
    table = Table("form", list(COLUMNS), [(1, cells)])
    fields = practice_fields(set(known_places), set(area_keys), today or dt.date.today())
    rows, problems = check_rows(table, fields)
    if problems:
        return None, problems
    return _practice(rows[0].values), []


def template_csv() -> bytes:
    """The header of a practices file, for organisers to fill (UTF-8 with a BOM, so Excel reads it)."""
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def by_area(practices: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Approved practices grouped by area, each group newest year first (then title)."""
    if practices.empty:
        return {}
    ordered = practices.sort_values(["year", "title"], ascending=[False, True], na_position="last")
    return {key: rows for key, rows in ordered.groupby("area_key", sort=False)}


def titles_beside(area_keys: list[str], approved: pd.DataFrame) -> list[str]:
    """For each area, in the order given, the titles of its approved practices joined by " · " ("" for
    none): the presenter's table puts them beside the area."""
    grouped = by_area(approved)
    return [" · ".join(grouped[k]["title"]) if k in grouped else "" for k in area_keys]


def example_practices(place_ids: list[str], q: Questionnaire, rng: random.Random) -> list[Practice]:
    """One generated practice per place, in one of its areas, every text saying it is not real."""
    made = []
    for place_id in place_ids:
        area = rng.choice(q.areas)
        made.append(
            Practice(
                place_id,
                area.key,
                f"{EXAMPLE_MARK}: {area.name['es']}",
                "Práctica de EJEMPLO generada por el tablero: texto no real. "
                "An EXAMPLE practice generated by the dashboard: not real.",
                "",
                None,
                "Datos de ejemplo generados por el tablero",
            )
        )
    return made
