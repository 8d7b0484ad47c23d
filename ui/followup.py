"""The follow-up's reads and writes for the pages: rounds, commitments, the change between rounds.

Kept beside ui/data.py and ui/actions.py (whose rules it follows: reads cached on the data revisions
through `data.cached`, one call per write, no view touching the store) so that the follow-up's
additions stay in one module. A commitment changed from a page is recorded under its author: the
code holder of its place ("code:<place_id>", with the name they gave), or the organisers.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from indicators.assessment import Assessment
from indicators.commitments import is_overdue
from indicators.exports.followup import commitments_csv, commitments_table, overdue_xlsx
from indicators.exports.tables import Names
from indicators.rounds import RoundRefused, area_change, examples_in_both, places_in_both, round_name
from ui import data, lang
from ui import form_keys as keys

# Session entries of the self-assessment page (they start with "sa", so leaving the form drops them).
COMMITMENTS_ONLY = "sa_commitments_only"  # a place unlocked while no round takes answers
ROUND_REFUSED = "sa_round_refused"  # why the last submit was refused (a closed round)
CARRIED = "sa_carried"  # the earlier answers a new one started from, per assessment
NOTICE_BOX = "sa_round_notice"


# --- reads --------------------------------------------------------------------------------------


@data.cached("followup")
def rounds() -> pd.DataFrame:
    return data.store().rounds()


def open_round() -> str | None:
    found = rounds()
    open_now = found[found["closed_at"].isna()]
    return str(open_now["round_key"].iloc[0]) if len(open_now) else None


def name_of_round(key: str) -> str:
    return round_name(rounds(), key, lang.language())


@data.cached("followup", "catalogue")
def commitments(place_id: str | None = None, country: str | None = None) -> pd.DataFrame:
    return data.store().commitments(place_id, country)


def history(commitment_id: str) -> pd.DataFrame:
    """One commitment's changes, read straight (asked for one at a time, when opened)."""
    return data.store().commitment_changes(commitment_id)


def overdue(country: str | None = None) -> pd.DataFrame:
    found = commitments(country=country)
    found = found[~found["withdrawn"].astype(bool)]
    return found[is_overdue(found, data.today())].reset_index(drop=True)


def overdue_count(found: pd.DataFrame) -> int:
    current = found[~found["withdrawn"].astype(bool)]
    return int(is_overdue(current, data.today()).sum()) if len(current) else 0


def is_late(row: dict) -> bool:
    return bool(is_overdue(pd.DataFrame([row]), data.today()).iloc[0])


def names() -> Names:
    return Names.from_frames(data.all_places(), data.countries(), lang.language())


def commitments_file(found: pd.DataFrame, file_format: str) -> bytes:
    """A list of commitments as CSV or XLSX in the page's language (the organisers' downloads)."""
    t = lang.translator()
    if file_format == "csv":
        return commitments_csv(found, data.questionnaire(), t, names(), rounds(), data.today())
    table = commitments_table(found, data.questionnaire(), t, names(), rounds(), data.today())
    return overdue_xlsx(table, t, found, data.today())


@data.cached("answers", "followup")
def change(before: str, after: str) -> tuple[pd.DataFrame, int, tuple[int, int]]:
    """rounds.area_change between two rounds over every place, how many places answered both, and
    (example, all) assessments of those places."""
    means = data.store().round_place_means([before, after])
    return (
        area_change(means, data.questionnaire(), before, after),
        places_in_both(means, before, after),
        examples_in_both(means, before, after),
    )


def _rounds_of(current: dict) -> dict:
    """The open assessment's round, and the round and answers it started from (if it did): read once
    per assessment, kept for the session."""
    kept = st.session_state.setdefault(CARRIED, {})
    if current["id"] not in kept:
        row = data.store().assessment(current["id"])
        source, found = row.get("started_from"), None
        if isinstance(source, str) and source:
            earlier = data.store().assessment(source)
            found = (str(earlier["round_key"]), Assessment.from_json(earlier["draft"]))
        kept[current["id"]] = {"round": row.get("round_key"), "from": found}
    return kept[current["id"]]


def carried(current: dict) -> tuple[str, Assessment] | None:
    """(round name, answers) a new assessment started from, if it did."""
    found = _rounds_of(current)["from"]
    return (name_of_round(found[0]), found[1]) if found else None


def closed_round_of(current: dict) -> str | None:
    """The open assessment's round when it is closed (it can no longer be submitted), else None."""
    key = _rounds_of(current)["round"]
    return key if isinstance(key, str) and key and key != open_round() else None


# --- writes -------------------------------------------------------------------------------------


def update_commitment(commitment_id: str, author: str, status: str, note: str, evidence: str) -> list[str]:
    """Store a change (raises store.commitments.CommitmentRefused, nothing written); the fields changed."""
    return data.store().update_commitment(commitment_id, author, status, note, evidence)


def code_holder(place_id: str, name: str = "") -> str:
    """How a change by whoever holds a place's access code is recorded."""
    return f"{name.strip()} (code:{place_id})" if name.strip() else f"code:{place_id}"


def unlock_without_round(place_id: str) -> None:
    """A right code while no round takes answers: the place's commitments only, no new draft."""
    place = data.all_places().set_index("place_id").loc[place_id]
    st.session_state[COMMITMENTS_ONLY] = {
        "place_id": place_id,
        "place_name": place["name"],
        "country": place["country"],
    }


def refused_round(refused: RoundRefused) -> None:
    """A submit refused for its round: said at the top of the form, which the page scrolls to."""
    st.session_state[ROUND_REFUSED] = (refused.reason, refused.params)
    st.session_state[keys.SCROLL] = (NOTICE_BOX, None)  # views/assessment/problems.request_scroll


def when(value) -> str:
    """A stored time (the server's clock) as the pages show it: day and hour in the shown zone."""
    moment = lang.in_shown_zone(pd.Timestamp(value))
    t = lang.translator()
    return f"{t.short_date(moment.date())} {t.clock_time(moment)}"


def day(value) -> str:
    return "—" if value is None or pd.isna(value) else lang.translator().long_date(pd.Timestamp(value).date())


def today() -> dt.date:
    return data.today()
