"""The places catalogue: local governments with a local IGM, their status and the date it holds from.

Owns the vocabulary (levels, statuses), the contract of data/places.csv and the rule that turns a
place's recorded status into what can honestly be said of it on a given date ("as of").
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from indicators.geo import in_box
from indicators.i18n import fold
from indicators.reader import Field, Table, check_rows, read_bundled_csv
from indicators.reader import is_web_url as is_web_url  # the pages check a source link with it
from indicators.validation import DataFileError, Problem

# Administrative level of each kind of local government: Mexico's IGM places are states (admin-1).
# (The kinds of place; what a summary is about is summary.SCOPES.)
PLACE_LEVELS = {"state": "adm1", "municipality": "adm2", "canton": "adm2", "district": "adm2", "city": "adm2"}
STATUSES = ("completed", "in_progress", "unknown")
COORD_PRECISIONS = ("seat", "approximate")


@dataclass(frozen=True)
class MapStatus:
    """What the map shows for a place on a date; colours are Okabe–Ito, safe for colour blindness."""

    key: str
    colour: tuple[int, int, int]


MAP_STATUSES = (
    MapStatus("completed", (0, 114, 178)),
    MapStatus("in_progress", (230, 159, 0)),
    MapStatus("undated", (150, 150, 150)),
)
MAP_STATUS_BY_KEY = {s.key: s for s in MAP_STATUSES}

SEMINAR_DATE = dt.date(2022, 9, 12)

COLUMNS = (
    "place_id",
    "name",
    "level",
    "country",
    "admin1",
    "official_code",
    "code_system",
    "code_verified",
    "iso_3166_2",
    "lat",
    "lon",
    "coord_precision",
    "status",
    "status_from",
    "source_label",
    "source_url",
    "verified",
    "notes_es",
    "notes_en",
)
REQUIRED = (
    "place_id",
    "name",
    "level",
    "country",
    "lat",
    "lon",
    "coord_precision",
    "status",
    "source_url",
    "verified",
)
BOOLEANS = ("code_verified", "verified")
PLACE_ID = re.compile(r"^[a-z]{3}-[a-z0-9-]+$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


EARLIEST_AS_OF = dt.date(2015, 1, 1)  # the MGI framework dates from 2015: nothing to show before
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_as_of(text: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A date typed for the map: "2022-09-12" or "12/09/2022", from 2015 to today.

    Returns the date, or None and the catalogue key (problems.<key>) saying what is wrong.
    """
    text = text.strip()
    try:
        if match := DAY_MONTH_YEAR.match(text):
            day, month, year = (int(g) for g in match.groups())
            typed = dt.date(year, month, day)
        else:
            typed = dt.date.fromisoformat(text)
    except ValueError:
        return None, "as_of_format"
    if not EARLIEST_AS_OF <= typed <= today:
        return None, "as_of_range"
    return typed, None


def parse_partial_date(text: str) -> tuple[dt.date, dt.date] | None:
    """ "2020" → (2020-01-01, 2020-12-31); "2022-01" → that month; "2024-11-04" → that day."""
    match = PARTIAL_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day:
            start = end = dt.date(year, month, day)
        elif month:
            start = dt.date(year, month, 1)
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        else:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
    return start, end


def read_places(
    path: Path, known_countries: set[str], boxes: dict[str, tuple] | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Read and check a places file; raise DataFileError listing every problem, else return it typed.

    `boxes` (ISO3 → xmin, ymin, xmax, ymax) are the countries' extents a seat must fall in; `today`
    is the last date a status may start (default: today). A file with no place is refused: the
    catalogue it would replace is never emptied by it."""
    # Spaces around a value are a slip of the editor, not part of an id, a code or a name: the
    # reader trims every cell.
    table = read_bundled_csv(path)
    rows, problems = check_places(table, known_countries, boxes or {}, today or dt.date.today())
    if problems:
        raise DataFileError(path.name, problems)
    return typed_places(pd.DataFrame([row.values for row in rows], columns=list(COLUMNS)))


def place_fields(known_countries: set[str], today: dt.date) -> tuple[Field, ...]:
    """The columns of places.csv, in the order their values are checked."""
    rules = {
        "place_id": Field("place_id", True, pattern=PLACE_ID, fault=("bad_place_id", {}), unique=True),
        "level": Field("level", True, choices=tuple(PLACE_LEVELS)),
        "country": Field("country", True, choices=known_countries, fault=("unknown_country", {})),
        "lat": Field("lat", True, kind="number", bounds=(-90, 90)),
        "lon": Field("lon", True, kind="number", bounds=(-180, 180)),
        "coord_precision": Field("coord_precision", True, choices=COORD_PRECISIONS),
        "status": Field("status", True, choices=STATUSES),
        "status_from": Field("status_from", check=lambda text: _status_from_fault(text, today)),
        "source_url": Field("source_url", True, kind="url"),
    }
    rules |= {column: Field(column, column in REQUIRED, choices=("true", "false")) for column in BOOLEANS}
    return tuple(rules.get(column, Field(column, column in REQUIRED)) for column in COLUMNS)


def check_places(table: Table, known_countries: set[str], boxes: dict[str, tuple], today: dt.date):
    """The rows of a places table and every problem of it (see `read_places`)."""

    def seat_in_country(number: int, values: dict[str, str], faulty: set[str]):
        box = boxes.get(values["country"])
        if not box or faulty & {"lat", "lon"}:
            return []
        lat, lon = float(values["lat"]), float(values["lon"])
        if in_box(box, lon, lat):
            return []
        # Swapped coordinates put a Central American seat in Antarctica's waters; say so plainly.
        return [
            ("lat", "coordinates_swapped" if in_box(box, lat, lon) else "outside_country", _box_params(box))
        ]

    return check_rows(table, place_fields(known_countries, today), seat_in_country)


def _status_from_fault(text: str, today: dt.date) -> tuple[str, dict] | None:
    span = parse_partial_date(text)
    if span is None:
        return "bad_date", {}
    if span[0] > today:
        return "future_date", {"today": today.isoformat()}
    return None


def replacement_problems(
    catalogue: pd.DataFrame, in_use: pd.DataFrame, registered: pd.DataFrame
) -> list[Problem]:
    """What a new catalogue would break in the database it replaces.

    `catalogue` is the checked file (typed_places, its index the file's row order); `in_use` the places
    data hangs on (Store.places_in_use); `registered` the places organisers added in the app
    (Store.registered_places). A bundled place that holds assessments, codes or results may not
    disappear, and an id the organisers already use may not be taken by the catalogue.
    """
    ids = set(catalogue["place_id"])
    problems = [
        Problem(None, "place_id", row.place_id, "place_in_use", {
            "name": row.name, "assessments": row.assessments, "codes": row.codes, "results": row.results
        })
        for row in in_use.itertuples(index=False)
        if row.origin == "bundled" and row.place_id not in ids
    ]  # fmt: skip
    taken = registered.set_index("place_id")
    for index, row in catalogue.iterrows():
        if row["place_id"] in taken.index:
            other = taken.loc[row["place_id"]]
            params = {"name": row["name"], "registered": other["name"], "country": other["country"]}
            problems.append(Problem(index + 2, "place_id", row["place_id"], "registered_clash", params))
    return problems


def _box_params(box: tuple) -> dict:
    xmin, ymin, xmax, ymax = (f"{v:.1f}" for v in box)
    return {"lat_low": ymin, "lat_high": ymax, "lon_low": xmin, "lon_high": xmax}


def typed_places(raw: pd.DataFrame) -> pd.DataFrame:
    places = raw[list(COLUMNS)].copy()
    places["lat"] = places["lat"].astype(float)
    places["lon"] = places["lon"].astype(float)
    for column in BOOLEANS:
        places[column] = places[column] == "true"
    spans = places["status_from"].map(lambda s: parse_partial_date(s) if s else None)
    places["status_start"] = spans.map(lambda s: s[0] if s else None)
    places["status_end"] = spans.map(lambda s: s[1] if s else None)
    places["admin_level"] = places["level"].map(PLACE_LEVELS)
    return places


def status_as_of(status: str, start: dt.date | None, end: dt.date | None, as_of: dt.date) -> str | None:
    """What the map may say of a place on `as_of`, or None when its status did not hold yet.

    A status counts only once its whole recorded period has passed ("2020" counts from 31 Dec
    2020); inside that period, or with no date at all, it is "undated": known today, not then.
    """
    if status == "unknown" or start is None:
        return "undated"
    if as_of < start:
        return None
    if as_of < end:
        return "undated"
    return status


def places_as_of(places: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The places whose status held on `as_of`, with a `map_status` column."""
    shown = places.copy()
    shown["map_status"] = [
        status_as_of(s, a, b, as_of)
        for s, a, b in zip(shown["status"], shown["status_start"], shown["status_end"], strict=True)
    ]
    return shown[shown["map_status"].notna()].reset_index(drop=True)


def filter_places(
    places: pd.DataFrame,
    countries: list[str] | None = None,
    statuses: list[str] | None = None,
    levels: list[str] | None = None,
) -> pd.DataFrame:
    """Keep the rows matching every given filter; an empty or None filter keeps everything."""
    mask = pd.Series(True, index=places.index)
    for column, chosen in (("country", countries), ("map_status", statuses), ("level", levels)):
        if chosen:
            mask &= places[column].isin(chosen)
    return places[mask].reset_index(drop=True)


def key_figures(places: pd.DataFrame) -> dict[str, int]:
    """Counts shown above the map."""
    return {
        "places": len(places),
        "countries": places["country"].nunique(),
        "completed": int((places["map_status"] == "completed").sum()),
        "in_progress": int((places["map_status"] == "in_progress").sum()),
        "undated": int((places["map_status"] == "undated").sum()),
    }


def describe_status(status: str, status_from: str, t) -> str:
    """ "Completed in 2020", "In progress since January 11, 2022", "Completed (date unknown)"."""
    if status == "unknown":
        return t("status_phrase.unknown")
    if not status_from:
        return t(f"status_phrase.{status}_undated")
    kind = "day" if len(status_from) == 10 else "period"
    shown = t.partial_date(status_from)
    return t(f"status_phrase.{status}_{kind}", date=shown, period=shown)


def slugify(text: str) -> str:
    """ "Santa Ana Centro" → "santa-ana-centro" (accents dropped), for place ids."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def new_place(
    name: str, country: str, level: str, known_countries: set[str], existing_ids: set[str]
) -> tuple[str, list[Problem]]:
    """The id a registered local government gets, and what is wrong with the entry (by field)."""
    problems = []
    if not name.strip():
        problems.append(Problem(None, "name", "", "required"))
    elif len(name) > 120:
        problems.append(Problem(None, "name", "", "too_long", {"limit": 120}))
    if country not in known_countries:
        problems.append(Problem(None, "country", country or "", "unknown_country"))
    if level not in PLACE_LEVELS:
        problems.append(
            Problem(None, "level", level or "", "not_in_list", {"allowed": ", ".join(PLACE_LEVELS)})
        )
    place_id = f"{(country or 'xxx').lower()}-{slugify(name)}"
    if not problems and place_id in existing_ids:
        problems.append(Problem(None, "name", name, "place_exists", {"place_id": place_id}))
    return place_id, problems
