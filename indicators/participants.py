"""The seminar's people and their attendance: the roster's and the attendance file's contracts, the
activities a certificate needs (the sessions of data/seminar.toml), and who is missing what.

The concept note invites officials of local governments, observers (CRM observer organisations, the
RROCM network, foreign ministries), with facilitators and organisers around them, in person or
online; "las personas participantes que asistan satisfactoriamente a todas las actividades (curso en
línea y sesiones) recibirán un certificado". So a certificate goes to an official or an observer
who attended every activity; facilitators and organisers are on the roster for the check-in and the
counts, not for a certificate.

Files (CSV or XLSX) are read by the shared reader (indicators/reader): the columns are declared
as fields here, and a file is refused whole, with every fault by row and column; nothing is written.
"""

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from indicators.i18n import fold
from indicators.reader import Field, Table, check_envelope, check_rows, read_table
from indicators.validation import DataFileError, Problem

KINDS = ("official", "observer", "facilitator", "organiser")
MODES = ("in_person", "online")
CERTIFIED_KINDS = ("official", "observer")
ROSTER_COLUMNS = ("name", "email", "role", "organisation", "place_id", "country", "kind", "mode")
ATTENDANCE_COLUMNS = ("email", "activity", "attended")
# Spellings people write in a spreadsheet (compared folded: case, accents, "_" and "-" ignored).
KIND_LABELS = {
    "official": ("official", "funcionario", "funcionaria", "funcionario publico", "funcionaria publica"),
    "observer": ("observer", "observador", "observadora"),
    "facilitator": ("facilitator", "facilitador", "facilitadora", "panelista", "panelist", "ponente"),
    "organiser": ("organiser", "organizer", "organizador", "organizadora"),
}
MODE_LABELS = {"in_person": ("in_person", "presencial"), "online": ("online", "virtual", "en linea")}
YES_NO = {True: ("yes", "si", "true", "1"), False: ("no", "false", "0")}
# A plausible address: something, one "@", a domain with a dot; no spaces, quotes, brackets or commas.
EMAIL = re.compile(r"[^@\s<>()\[\],;:\"']+@[^@\s<>()\[\],;:\"'.]+(\.[^@\s<>()\[\],;:\"'.]+)+$")
LIMITS = {"name": 150, "email": 254, "role": 150, "organisation": 200}
# The organisers' setting naming the one session open for check-in from phones ("" for none).
CHECKIN_OPEN = "checkin_open"
EXTENSIONS = (".csv", ".xlsx")
UPLOAD_MB = 2  # a roster of a few hundred people is a few dozen KB


def _labels(spellings: Mapping) -> dict[str, str]:
    return {fold(word): key for key, words in spellings.items() for word in words}


def normalise_email(text: str) -> str:
    """How an address is kept and compared: trimmed, in lower case."""
    return str(text or "").strip().lower()


@dataclass(frozen=True)
class Activity:
    """One activity a certificate needs: a session of the seminar file."""

    key: str
    title: dict[str, str]
    date: dt.date | None  # None for an asynchronous session (the online courses)
    aliases: tuple[str, ...] = ()  # other names an attendance file may give it ("E-Campus")

    @property
    def checkin(self) -> bool:
        """A session on a day of the seminar takes a check-in in the room; online courses do not."""
        return self.date is not None


def activities(seminar: dict) -> tuple[Activity, ...]:
    """The seminar's sessions, in order, as the activities a certificate needs."""
    found = []
    for session in seminar.get("sessions", []):
        try:
            day = dt.date.fromisoformat(str(session.get("date", "")))
        except ValueError:
            day = None
        aliases = tuple(str(a) for a in session.get("aliases", []))
        found.append(Activity(str(session["key"]), session["title"], day, aliases))
    return tuple(found)


# --- the roster -----------------------------------------------------------------------------------


def roster_fields(places: Mapping[str, str], countries: set[str]) -> tuple[Field, ...]:
    """The roster's columns; `places` maps every known place id to its country (ISO3). The e-mail is
    kept in lower case and checked for repeats by `roster_row_check`."""
    return (
        Field("name", required=True, aliases=("nombre",), limit=LIMITS["name"]),
        Field(
            "email",
            required=True,
            aliases=("correo", "e-mail"),
            limit=LIMITS["email"],
            pattern=EMAIL,
            fault=("roster_bad_email", {}),
        ),
        Field("role", aliases=("cargo",), limit=LIMITS["role"]),
        Field("organisation", aliases=("organization", "organizacion", "organización"), limit=200),
        Field("place_id", aliases=("lugar",), check=lambda v: None if v in places else ("unknown_place", {})),
        # Written in any case ("hnd"), kept as the code ("HND").
        Field(
            "country",
            aliases=("pais", "país"),
            labels={fold(c): c for c in countries},
            fault=("unknown_country", {}),
        ),
        Field("kind", required=True, aliases=("tipo",), labels=_labels(KIND_LABELS)),
        Field("mode", required=True, aliases=("modalidad",), labels=_labels(MODE_LABELS)),
    )


def roster_row_check(places: Mapping[str, str]):
    """The rules between columns: an observer has no place, an official has one (and a country), and a
    place's country is the participant's (filled in from the place when left blank)."""

    seen: dict[str, int] = {}

    def check(number: int, values: dict[str, str], faulty: set[str]):
        values["email"] = normalise_email(values["email"])
        if "email" not in faulty and values["email"]:
            if values["email"] in seen:
                yield ("email", "duplicate_in_file", {"first": seen[values["email"]]})
            seen.setdefault(values["email"], number)
        kind, place = values["kind"], values["place_id"]
        if kind == "observer" and place:
            yield ("place_id", "roster_place_for_observer", {})
        if kind == "official" and not place and "place_id" not in faulty:
            yield ("place_id", "roster_place_required", {})
        if place in places and "country" not in faulty:
            if not values["country"]:
                values["country"] = places[place]
            elif values["country"] != places[place]:
                yield ("country", "roster_place_country", {"country": places[place]})
        if kind == "official" and not values["country"] and "country" not in faulty:
            yield ("country", "required", {})

    return check


def read_roster(
    data: bytes, file_name: str, places: Mapping[str, str], countries: set[str]
) -> tuple[list[dict], list[Problem]]:
    """The roster's rows (each a dict of ROSTER_COLUMNS, e-mail in lower case) and how the file was
    read; DataFileError with every fault, by row and column, when anything is wrong."""
    table = _table(data, file_name, notes := [])
    rows, problems = check_rows(table, roster_fields(places, countries), roster_row_check(places))
    if problems:
        raise DataFileError(file_name, problems)
    return [row.values for row in rows], notes


def check_participant(
    values: Mapping[str, str], places: Mapping[str, str], countries: set[str], taken: set[str]
) -> tuple[dict, list[Problem]]:
    """One participant typed in the organisers' form: the values kept and the problems by column
    (`taken`: the e-mail addresses of everyone else on the roster)."""
    cells = [str(values.get(column) or "").strip() for column in ROSTER_COLUMNS]
    table = Table("form", list(ROSTER_COLUMNS), [(2, cells)])  # one row, as if read from a file
    rows, problems = check_rows(table, roster_fields(places, countries), roster_row_check(places))
    kept = rows[0].values if rows else {}
    if kept.get("email") in taken:
        problems.append(Problem(2, "email", kept["email"], "roster_email_taken"))
    return kept, [Problem(None, p.column, p.value, p.reason, p.params) for p in problems]


def roster_csv(roster: pd.DataFrame, attendance: pd.DataFrame, keys: list[str]) -> bytes:
    """The roster as a CSV the import reads back (its columns first), then one yes/no column per
    activity; UTF-8 with a BOM so that a spreadsheet shows the accents."""
    table = roster.reindex(columns=ROSTER_COLUMNS).fillna("")
    for key in keys:
        done = attendance[attendance["activity"] == key].set_index("participant_id")["attended"]
        marks = roster["participant_id"].map(done)
        table[key] = ["" if pd.isna(m) else ("yes" if m else "no") for m in marks]
    # A cell a spreadsheet would run as a formula gets a leading quote (OWASP "CSV injection").
    table = table.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(("=", "+", "-", "@")) else v)
    return ("\ufeff" + table.to_csv(index=False, lineterminator="\n")).encode("utf-8")


# --- attendance -----------------------------------------------------------------------------------


def attendance_fields(emails: set[str], found: tuple[Activity, ...]) -> tuple[Field, ...]:
    names = {fold(a.key): a.key for a in found} | {fold(alias): a.key for a in found for alias in a.aliases}
    allowed = ", ".join(a.key for a in found)
    return (
        Field(
            "email",
            required=True,
            aliases=("correo", "e-mail"),
            check=lambda v: None if normalise_email(v) in emails else ("roster_unknown_email", {}),
        ),
        Field(
            "activity",
            required=True,
            aliases=("actividad",),
            labels=names,
            fault=("roster_unknown_activity", {"allowed": allowed}),
        ),
        Field(
            "attended",
            required=True,
            aliases=("asistio", "asistió"),
            labels={fold(w): ("yes" if v else "no") for v, words in YES_NO.items() for w in words},
            fault=("roster_yes_no", {}),
        ),
    )


def read_attendance(
    data: bytes, file_name: str, emails: set[str], found: tuple[Activity, ...]
) -> tuple[list[dict], list[Problem]]:
    """Rows of (email, activity key, attended: bool) and how the file was read; DataFileError with
    every fault (an unknown person or activity, a value that is not yes or no, a repeated pair)."""
    table = _table(data, file_name, notes := [])
    seen: dict[tuple[str, str], int] = {}

    def once(number: int, values: dict[str, str], faulty: set[str]):
        values["email"] = normalise_email(values["email"])
        pair = (values["email"], values["activity"])
        if faulty & {"email", "activity"}:
            return
        if pair in seen:
            yield ("activity", "duplicate_in_file", {"first": seen[pair]})
        seen.setdefault(pair, number)

    rows, problems = check_rows(table, attendance_fields(emails, found), once)
    if problems:
        raise DataFileError(file_name, problems)
    return [
        {
            "email": r.values["email"],
            "activity": r.values["activity"],
            "attended": r.values["attended"] == "yes",
        }
        for r in rows
    ], notes


def _table(data: bytes, file_name: str, notes: list[Problem]):
    """A CSV's table or an XLSX's first sheet, after the envelope's checks (type, empty, size)."""
    check_envelope(file_name, len(data), EXTENSIONS, UPLOAD_MB * 1024 * 1024)
    return read_table(data, file_name, notes)


def missing_activities(
    roster: pd.DataFrame, attendance: pd.DataFrame, keys: list[str]
) -> dict[str, list[str]]:
    """For every official and observer on the roster, the activities they have not attended (none:
    a certificate is due). `attendance` has participant_id, activity, attended."""
    done = attendance[attendance["attended"].astype(bool)]
    attended = done.groupby("participant_id")["activity"].agg(set).to_dict()
    return {
        pid: [k for k in keys if k not in attended.get(pid, set())]
        for pid, kind in zip(roster["participant_id"], roster["kind"], strict=True)
        if kind in CERTIFIED_KINDS
    }
