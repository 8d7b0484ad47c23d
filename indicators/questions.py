"""Questions from the room: what a question may be, the limits on asking, the order questions are shown
in, the session they belong to, and the file they are exported as.

A question belongs to one session of the seminar (data/seminar.toml's `sessions`: the one the presenter
has put on), holds at most MAX_TEXT characters and may carry a name. Anyone votes for it once per
browser; a second tap takes the vote back. Organisers and presenters moderate it: pinned (shown
first), answered (shown after the open ones), hidden (never shown again but in the organisers' list).

Asking is limited twice, both counted in the database so that a reload or a second instance does not
reset them: a browser asks at most SESSION_QUOTA questions in its window, and a network address (a
whole room behind one router) is slowed as for the access codes (indicators/access.py's Limit).

No Streamlit here: the questions page, the presenter's step and the command line use these functions.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from indicators import access

MAX_TEXT = 280
MAX_NAME = 80
STATES = ("open", "answered", "hidden")
ID_LENGTH = 6  # letters and digits easy to read aloud (access.ALPHABET): typed in `questions hide ID`


@dataclass(frozen=True)
class Quota:
    """At most `most` in `window`; the next one once the oldest of them has left the window."""

    most: int
    window: dt.timedelta

    def blocked_until(self, times: list[dt.datetime], now: dt.datetime) -> dt.datetime | None:
        recent = sorted(t for t in times if now - t < self.window)
        if len(recent) < self.most:
            return None
        return recent[-self.most] + self.window


# A browser: 10 questions in 10 minutes. An address: a room of a hundred phones behind one router asks
# freely, a script is slowed to one question every 20 seconds (access.Limit, counted over its window).
SESSION_QUOTA = Quota(10, dt.timedelta(minutes=10))
ADDRESS_LIMIT = access.Limit(60, dt.timedelta(seconds=20))
# How far back the counts are read: the longest of the two windows.
COUNTED = max(SESSION_QUOTA.window, access.FAILURE_WINDOW)


def ask_clients(browser: str, address: str | None) -> dict[str, Quota | access.Limit]:
    """The counters a new question is charged to: this browser and, when known, its network address.
    Kept apart from the codes' counters by their prefix, so questions never slow a code and the reverse."""
    clients: dict[str, Quota | access.Limit] = {f"question:browser:{browser}": SESSION_QUOTA}
    if address:
        clients[f"question:ip:{address}"] = ADDRESS_LIMIT
    return clients


def wait_until(
    clients: dict[str, Quota | access.Limit], now: dt.datetime, asked: Callable[[str, dt.datetime], list]
) -> dt.datetime | None:
    """When the next question may be asked, or None if now. `asked(client, since)` lists the times that
    client asked since then (the store's counters)."""
    waits = [limit.blocked_until(asked(client, now - COUNTED), now) for client, limit in clients.items()]
    return max((w for w in waits if w), default=None)


def clean(text: str | None) -> str:
    """What is stored: the text on one line, spaces and line breaks run together, ends trimmed."""
    return " ".join(str(text or "").split())


def text_problem(text: str) -> str | None:
    """Why a (cleaned) question cannot be asked, as a catalogue key under "questions.", or None."""
    if not text:
        return "empty"
    if len(text) > MAX_TEXT:
        return "too_long"
    return None


def new_id() -> str:
    return "".join(secrets.choice(access.ALPHABET) for _ in range(ID_LENGTH))


def normalise_id(typed: str) -> str | None:
    """ "k7m2qx" → "K7M2QX"; None when it cannot be a question's id."""
    raw = (typed or "").strip().upper()
    return raw if len(raw) == ID_LENGTH and all(c in access.ALPHABET for c in raw) else None


def voter_key(browser: str) -> str:
    """What a vote is stored under: a hash of the browser's random id, so that a copy of the database
    cannot be used to take back someone else's votes."""
    return hashlib.sha256(f"igm-voter:{browser}".encode()).hexdigest()[:32]


def ordered(questions: pd.DataFrame) -> pd.DataFrame:
    """The order every list shows: pinned first, then open, then answered (then hidden, in the
    organisers' list); within each, most votes first, then the first asked. A new question goes under
    those with as many votes, so a list never moves under the finger of someone about to tap."""
    if questions.empty:
        return questions.reset_index(drop=True)
    group = {"open": 1, "answered": 2, "hidden": 3}
    rank = questions["state"].map(group) * 2 - questions["pinned"].astype(bool).astype(int)
    return (
        questions.assign(_rank=rank, _votes=-questions["votes"])
        .sort_values(["_rank", "_votes", "asked_at", "question_id"], kind="stable")
        .drop(columns=["_rank", "_votes"])
        .reset_index(drop=True)
    )


def shown(questions: pd.DataFrame) -> pd.DataFrame:
    """The questions the room sees (everything but the hidden ones), in order."""
    return ordered(questions[questions["state"] != "hidden"])


def top(questions: pd.DataFrame, count: int) -> pd.DataFrame:
    """The presenter's top questions: pinned and open ones (an answered question has had its turn)."""
    return shown(questions[questions["state"] == "open"]).head(count)


# --- sessions --------------------------------------------------------------------------------------


def session_keys(seminar: dict) -> list[str]:
    return [str(s["key"]) for s in seminar.get("sessions", [])]


def current_session(seminar: dict, chosen: str, today: dt.date) -> str:
    """The session questions go to: the one the presenter chose; else the one held today; else the
    first with a date (a session's date is "YYYY-MM-DD", or a word for an asynchronous one)."""
    keys = session_keys(seminar)
    if chosen in keys:
        return chosen
    dated = [s for s in seminar.get("sessions", []) if str(s.get("date", ""))[:1].isdigit()]
    for session in dated:
        if str(session["date"]) == today.isoformat():
            return str(session["key"])
    return str(dated[0]["key"]) if dated else (keys[0] if keys else "")


def session_title(seminar: dict, key: str, language: str) -> str:
    for session in seminar.get("sessions", []):
        if str(session["key"]) == key:
            return session["title"][language]
    return key


# --- the export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = ("id", "session", "text", "votes", "state", "time")


def export_table(questions: pd.DataFrame) -> pd.DataFrame:
    """Every question (hidden ones too: the file is the organisers'), in the sessions' order and the
    room's order within each: id, session, text, votes, state (open, answered, hidden), time asked."""
    if questions.empty:
        return pd.DataFrame(columns=list(EXPORT_COLUMNS))
    frames = [ordered(group) for _, group in questions.groupby("session_key", sort=True)]
    rows = pd.concat(frames, ignore_index=True)
    return pd.DataFrame(
        {
            "id": rows["question_id"],
            "session": rows["session_key"],
            "text": rows["text"],
            "votes": rows["votes"].astype(int),
            "state": rows["state"],
            "time": pd.to_datetime(rows["asked_at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
