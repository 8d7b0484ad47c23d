"""The page's language: the translator, the language switch, times in the shown time zone, and
showing stored text as text.

Widgets whose option labels are translated get one key per language ("f_country@es"): Streamlit
remembers a choice by its displayed label, so a label that changes with the language would drop the
choice. The choice itself lives under the plain key and is carried over on a switch.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import streamlit as st

from indicators.i18n import DEFAULT_LANGUAGE, Translator
from indicators.places import is_web_url
from indicators.seminar import shown_zone
from indicators.validation import DataFileError
from ui import data

LANGUAGE_NAMES = {"es": "Español", "en": "English"}
LANGUAGE_SEPARATOR = "@"


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def translator() -> Translator:
    try:
        return data.registries().translator(language())
    except DataFileError:
        # The repository's own texts, to say which file of the data folder is wrong.
        return Translator(language())


def tkey(key: str) -> str:
    """The widget key for `key` in the current language, seeded with the choice made so far."""
    scoped = f"{key}{LANGUAGE_SEPARATOR}{language()}"
    if scoped not in st.session_state and key in st.session_state:
        st.session_state[scoped] = st.session_state[key]
    return scoped


def tvalue(key: str, default=None):
    """The current choice of a translated widget, whichever language it was made in."""
    scoped = f"{key}{LANGUAGE_SEPARATOR}{language()}"
    return st.session_state[scoped] if scoped in st.session_state else st.session_state.get(key, default)


def tset(key: str, value) -> None:
    """Set the choice of a translated widget (e.g. from a stored draft) before it is drawn."""
    st.session_state[key] = value
    for lang in LANGUAGE_NAMES:
        st.session_state.pop(f"{key}{LANGUAGE_SEPARATOR}{lang}", None)


def carry_choices_across_languages() -> None:
    """Language switch: move every choice made in the other language to its plain key."""
    new = st.session_state["lang"]
    for scoped in [k for k in st.session_state if LANGUAGE_SEPARATOR in str(k)]:
        key, lang = scoped.rsplit(LANGUAGE_SEPARATOR, 1)
        if lang != new:
            st.session_state[key] = st.session_state.pop(scoped)


def keep_in_address(name: str, value: str, default: str) -> None:
    """Write a choice into the page address (left out when it is the default), so a reload keeps it.

    Streamlit drops the query string on a page switch; every run writes it back.
    """
    if value == default:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


# --- times ---------------------------------------------------------------------------------------
# The server's clock and the database hold local times of the server with no zone (a host often runs
# on UTC); people read them in the seminar's zone, or their browser's (IGM_TIMEZONE).


def time_zone() -> ZoneInfo:
    """The zone every time is shown in (indicators/seminar.shown_zone)."""
    return shown_zone(data.settings().timezone, data.seminar()["timezone"], st.context.timezone)


def in_shown_zone(moment: dt.datetime) -> dt.datetime:
    """A time read from the server's clock or the database (no zone: the server's own; a pandas
    Timestamp too) as the wall clock of the shown zone, without a zone again (for tables)."""
    if hasattr(moment, "to_pydatetime"):
        moment = moment.to_pydatetime()  # pandas will not place a time with no zone in one
    return moment.astimezone(time_zone()).replace(tzinfo=None)


def shown_time(moment: dt.datetime) -> str:
    """ "10:27:36" / "10:27:36 AM": the clock time of a server time in the shown zone."""
    return translator().clock_time(in_shown_zone(moment))


# --- stored text shown as text -------------------------------------------------------------------
# What makes Markdown do something other than show text: tags and entities, links and images, emphasis,
# code, headings, strikethrough, formulas, tables, and Streamlit's directives (":red" alone is one).
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]<>#~$&|:]")
# At the start, a list ("- ", "+ ", "1. ", "1) "); a quote starts with ">", escaped above.
LIST_START = re.compile(r"^(\d*)([-+.)])")
# GitHub-flavoured Markdown turns bare addresses into links after parsing, whatever was escaped; an
# invisible word joiner after "http", "www" or "@" keeps them text.
AUTOLINK_START = re.compile(r"(?i)\b(?:https?|ftp|mailto)(?=\\:)|\bwww(?=\.)|@")
WORD_JOINER = "\u2060"


def literal(text) -> str:
    """User-supplied text (findings, sources, names, actions, file names) for st.markdown, st.caption,
    alerts and labels: shown as typed, never as HTML, links, images or formatting. Line breaks become
    spaces, since a new line could open a heading or a list."""
    flat = MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(str(text).split()))
    flat = LIST_START.sub(r"\1\\\2", flat)
    return AUTOLINK_START.sub(lambda m: m.group() + WORD_JOINER, flat)


def literal_list(lines: list[str]) -> str:
    """Report lines as a Markdown list of literal text; lines indented by the report become sub-items."""
    items = []
    for line in lines:
        text = line.strip().removeprefix("- ").removeprefix("· ")
        items.append(f"{'    ' if line.startswith('  ') else ''}- {literal(text)}")
    return "\n".join(items)


def link(label, url: str) -> str:
    """A Markdown link to a stored source, only for http(s) addresses; anything else shows as text."""
    if not is_web_url(url):
        return literal(label or url)
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{literal(label or url)}](<{safe}>)"
