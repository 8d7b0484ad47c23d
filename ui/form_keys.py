"""The self-assessment form's widget keys, written in one place.

Every key of the form is made here: the page asks for "the capacity of area X" or "rank 2 of round
table Y" and draws, reads and sets it through `widget`, `read` and `write`, which know whether the
widget's option labels are translated (then it gets one key per language, ui.lang.tkey). Leaving the
form drops every key made here (`is_form_key`).

Browser tests find the boxes by their CSS class `st-key-<key>` (e.g. `st-key-sa_area_rt3_…`,
`st-key-sa_refused`, `st-key-mesa`): changing a name here means changing those tests.
"""

import streamlit as st

from ui.lang import tkey, tset, tvalue

# The round table on screen. Its value is in the address (?mesa=rt2), so a reload or a refused submit
# never moves the respondent to another table.
TABLE = "mesa"
IDENTITY = "sa_anon"  # named or anonymous
NAME = "sa_name"
ROLE = "sa_role"
IDENTITY_BOX = "sa_identity"
REFUSED_BOX = "sa_refused"  # the list of missing answers beside the submit button
FORM_START = "sa_form_start"  # the form's heading (the place): the keyboard's place once a code opens it
TABLE_START = "sa_table_start"  # the table's heading: where "Next table" leaves the keyboard
TOP3_ORDER = "sa_top3_order"  # the chosen areas written out in full (phones, where a select cuts them)
SUBMITTED_DIFF = "sa_submitted_diff"  # how the draft differs from the version last submitted

# The page's other widgets and session entries; all start with FORM_PREFIX, so leaving drops them.
OPENED = "sa"  # the assessment open in this session (its id, place, version…)
PROBLEMS = "sa_problems"  # what the last refused submit lacked
MARKED = "sa_marked"  # the tables whose missing answers are marked beside their fields
GATE = "sa_gate"  # the outcome of the last code typed
# The box to scroll to and what in it takes the keyboard's focus, and a counter of requests.
SCROLL, SCROLLS = "sa_scroll", "sa_scrolls"
COUNTRY, PLACE, ACCESS_CODE, START = "sa_country", "sa_place", "sa_access_code", "sa_start"
RESUME_CODE, RESUME = "sa_resume_code", "sa_resume"
NEXT, SUBMIT, LEAVE, PDF = "sa_next", "sa_submit", "sa_leave", "sa_pdf"

# An area's answer fields and the prefix of their keys ("cap_<area>").
ANSWER_PREFIXES = {"capacity": "cap", "priority": "pri", "action": "act", "office": "off", "timeframe": "tf"}
TEXT_FIELDS = ("action", "office")  # text boxes: an empty answer is "", never None
TOP_PREFIX = "top"
FORM_PREFIX = "sa"  # everything else of the form and its gate
# Widgets whose option labels are translated: one key per language, the choice carried over.
TRANSLATED = ("cap_", "pri_", "tf_", f"{TOP_PREFIX}_", IDENTITY, COUNTRY)


def answer(area: str, field: str) -> str:
    """The key of one answer field (ANSWER_PREFIXES) of an area."""
    return f"{ANSWER_PREFIXES[field]}_{area}"


def top(theme: str, rank: int) -> str:
    """The key of the area chosen at `rank` (1st, 2nd, 3rd) of a round table."""
    return f"{TOP_PREFIX}_{theme}_{rank}"


def go_to_missing(number: int) -> str:
    """The button that opens the table and field of the `number`-th missing answer."""
    return f"{FORM_PREFIX}_goto_{number}"


def area_box(area: str) -> str:
    return f"{FORM_PREFIX}_area_{area}"


def top3_box(theme: str) -> str:
    return f"{FORM_PREFIX}_top3_{theme}"


def widget(key: str) -> str:
    """The key to draw the widget under: in the current language when its options are translated."""
    return tkey(key) if key.startswith(TRANSLATED) else key


def read(key: str, default=None):
    """The widget's value, whichever language a translated choice was made in."""
    return tvalue(key, default) if key.startswith(TRANSLATED) else st.session_state.get(key, default)


def read_answer(area: str, field: str):
    """One answer field of an area as the form holds it."""
    return read(answer(area, field), "" if field in TEXT_FIELDS else None)


def write(key: str, value) -> None:
    """Set the widget's value before it is drawn (e.g. from a stored draft)."""
    if key.startswith(TRANSLATED):
        tset(key, value)
    else:
        st.session_state[key] = value


def is_form_key(key) -> bool:
    """Whether a session key belongs to the form (dropped when the respondent leaves it)."""
    prefixes = (FORM_PREFIX, TOP_PREFIX + "_", *(f"{p}_" for p in ANSWER_PREFIXES.values()))
    return str(key).startswith(prefixes) or key == TABLE
