"""Streamlit-side glue shared by the pages: the cached store, the translator, cached reads.

Caching lives here, not in indicators/, so the domain runs without a Streamlit runtime. Cached reads
are keyed on the store's data revisions (indicators/store/connection.py), never on a time to live:
a rerun with no new data is a lookup, and the first rerun after a write recomputes once for everyone.
"""

import datetime as dt
import hmac
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from indicators import access, exports, geo, layers, mapview
from indicators.config import Settings
from indicators.exports import ExportRequest
from indicators.framework import Framework
from indicators.i18n import DEFAULT_LANGUAGE, Translator
from indicators.places import is_web_url
from indicators.postgres import DatabaseUnavailable
from indicators.presenter import LiveView, stored_live_view
from indicators.questionnaire import Questionnaire
from indicators.registries import Registries
from indicators.store import Store
from indicators.summary import stored_example_share, stored_priority_summary
from indicators.validation import DataFileError
from ui import routes

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


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


def settings() -> Settings:
    """The environment's settings; the database URL may also come from `[connections.igm]` in secrets."""
    return Settings.from_env(secrets=_secrets())


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return {}


@st.cache_resource(show_spinner=False)
def _registries(data_dir: str) -> Registries:
    """Keyed on the data folder: tests (and a changed IGM_DATA_DIR) get their own registries.

    A rejected file raises, and Streamlit does not cache a raise, so a fixed file is read again.
    """
    return Registries.load(settings())


def registries() -> Registries:
    """Every checked registry of IGM_DATA_DIR (indicators/registries.py)."""
    return _registries(str(settings().data_dir))


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str, data_dir: str) -> tuple[Store, DataFileError | None]:
    """One connection per process; each query runs on its own cursor (see indicators/store/connection.py).

    A locked file or a database that cannot be reached raises, and Streamlit does not cache a raise,
    so the next reload tries again.
    """
    store = Store.open(db_path)
    try:
        store.load_bundled(Path(data_dir))
    except DataFileError as error:
        return store, error
    layers.store_missing_views(store)  # layers imported before the map's views were stored
    return store, None


def store() -> Store:
    config = settings()
    return _open_store(config.database, str(config.data_dir))[0]


def check_store() -> None:
    """Say plainly when a registry, the store or the bundled data was rejected, or the database
    cannot be reached; never a trace.

    Without its registries no page can work, so a rejected registry stops the page here.
    """
    t = translator()
    config = settings()
    try:
        registries()
    except DataFileError as error:
        st.error(t("app.registry_rejected", source=error.source, folder=config.data_dir))
        st.markdown("\n".join(f"- {line}" for line in error.describe(t)))
        st.stop()
    try:
        _, problem = _open_store(config.database, str(config.data_dir))
    except DatabaseUnavailable as error:
        database_unavailable(error)
        st.stop()
    except duckdb.IOException:
        st.error(t("app.store_locked", path=config.db_path))
        st.stop()
    if isinstance(problem, DataFileError):
        st.error(t("app.bundle_rejected", source=problem.source))
        st.markdown("\n".join(f"- {line}" for line in problem.describe(t)))


def database_unavailable(error: DatabaseUnavailable) -> None:
    """The reason a database cannot be used, in the user's language (no password, no trace)."""
    st.error(translator()(f"db.{error.reason}", **error.params()), icon=":material/cloud_off:")


def guarded(action):
    """A button callback that, when the database cannot be used, leaves the reason for the page to
    show (app.py) instead of a trace; whatever the widgets hold stays as it was."""

    def run(*args, **kwargs):
        try:
            action(*args, **kwargs)
        except DatabaseUnavailable as error:
            st.session_state["db_error"] = error

    return run


def show_pending_database_error() -> None:
    if error := st.session_state.pop("db_error", None):
        database_unavailable(error)


# Widgets whose option labels are translated get one key per language ("f_country@es"): Streamlit
# remembers a choice by its displayed label, so a label that changes with the language would drop
# the choice. The choice itself lives under the plain key and is carried over on a switch.
LANGUAGE_SEPARATOR = "@"


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


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def translator() -> Translator:
    try:
        return registries().translator(language())
    except DataFileError:
        # The repository's own texts, to say which file of the data folder is wrong.
        return Translator(language())


# Cached readers take the database path, so that each database (tests use their own) has its own
# entries, and the revision of what they read, so that a write is seen on the next rerun; pages call
# the wrappers. Old revisions fall out of the cache (max_entries).
CACHED = {"show_spinner": False, "max_entries": 16}


def _db() -> str:
    """Which database a cached read is of (tests and instances each have their own). What changed in
    it comes with `revision`: kept in the database, so a write by any instance sharing a PostgreSQL
    server, or by a command, is seen at the next rerun."""
    return settings().database


def revision(*kinds: str) -> tuple[int, ...]:
    current = store()
    return tuple(current.revision(kind) for kind in kinds)


@st.cache_data(**CACHED)
def _places(db_path: str, revision: tuple) -> pd.DataFrame:
    return store().places()


@st.cache_data(**CACHED)
def _countries(db_path: str, revision: tuple) -> pd.DataFrame:
    return store().countries()


@st.cache_data(**CACHED)
def _layer_geojson(db_path: str, revision: tuple, layer: str) -> dict:
    return geo.to_feature_collection(store().boundary_layer(layer), ["code", "name"])


@st.cache_data(**CACHED)
def _imported_layers(db_path: str, revision: tuple) -> pd.DataFrame:
    return store().imported_layers()


@st.cache_data(**CACHED)
def _place_areas_geojson(db_path: str, revision: tuple) -> dict:
    return geo.to_feature_collection(store().place_polygons(), ["place_id", "layer"])


@st.cache_data(**CACHED)
def _boundary_sources(db_path: str, revision: tuple) -> pd.DataFrame:
    return store().boundary_sources()


def imported_layers() -> pd.DataFrame:
    return _imported_layers(_db(), revision("catalogue"))


def places() -> pd.DataFrame:
    return _places(_db(), revision("catalogue"))


def countries() -> pd.DataFrame:
    return _countries(_db(), revision("catalogue"))


def country_names() -> dict[str, str]:
    frame = countries()
    return dict(zip(frame["iso3"], frame[f"name_{language()}"], strict=True))


def layer_geojson(layer: str) -> dict:
    return _layer_geojson(_db(), revision("catalogue"), layer)


def place_areas_geojson() -> dict:
    return _place_areas_geojson(_db(), revision("catalogue"))


def boundary_sources() -> pd.DataFrame:
    return _boundary_sources(_db(), revision("catalogue"))


@st.cache_data(**CACHED)
def _map_json(
    db_path: str,
    revision: tuple,
    places_key: str,
    _records: pd.DataFrame,
    basemap: str,
    tile_url: str,
    context: tuple[str, ...],
) -> str:
    records = _records
    areas = mapview.with_place_properties(place_areas_geojson(), records)
    outlines, states = layer_geojson("crm-countries"), layer_geojson("mex-adm1")
    # An imported layer arrives as the GeoJSON text simplified at import: it is inserted as is.
    views = [store().boundary_view(layer) or mapview.EMPTY_COLLECTION for layer in context]
    return mapview.deck_json(records, areas, outlines, states, basemap, tile_url, views)


def map_deck(records: pd.DataFrame, basemap: str, tile_url: str, context: list[str]):
    """The map for these places and settings, serialised once for as long as neither they nor the
    catalogue change: a rerun that does not change the map does not rebuild or re-serialise it."""
    # The places shown, as text (the colour lists are unhashable; the colour follows the status).
    places_key = records.drop(columns="colour").to_json(orient="split")
    text = _map_json(_db(), revision("catalogue"), places_key, records, basemap, tile_url, tuple(context))
    return mapview.SerialisedDeck(text)


FIGURE_LABELS = {
    "places": "map.places",
    "countries": "map.n_countries",
    "completed": "map.completed",
    "in_progress": "map.in_progress",
    "undated": "map.undated",
}


def key_figure_metrics(figures: dict[str, int]) -> None:
    """The row of counts shown on the home page and above the map."""
    t = translator()
    for column, (key, label) in zip(st.columns(len(FIGURE_LABELS)), FIGURE_LABELS.items(), strict=True):
        column.metric(t(label), figures[key])


def questionnaire() -> Questionnaire:
    return registries().questionnaire


def framework() -> Framework:
    return registries().framework


def all_places() -> pd.DataFrame:
    """IGM places and municipalities registered by organisers (who may answer the self-assessment)."""
    return store().places(igm_only=False)


def try_code(code: str, lookup):
    """Check a typed code under the rate limits of this browser session and address (indicators/access.py)."""
    current = store()
    return access.try_code(
        code,
        limited_clients("code", access.CODE_LIMITS),
        dt.datetime.now(),
        lookup,
        current.failed_attempts,
        current.record_failed_attempt,
    )


def limited_clients(purpose: str, limits: dict[str, access.Limit]) -> dict[str, access.Limit]:
    """Who is trying a secret (this browser session, its network address), with the limit of each.

    Codes and the organisers' password count their failures apart, so a room mistyping access
    codes never delays an organiser, and the reverse.
    """
    if "client_id" not in st.session_state:
        st.session_state["client_id"] = str(uuid.uuid4())
    prefix = "" if purpose == "code" else f"{purpose}:"
    clients = {f"{prefix}session:{st.session_state['client_id']}": limits["session"]}
    if st.context.ip_address:
        clients[f"{prefix}ip:{st.context.ip_address}"] = limits["address"]
    return clients


def wait_message(until: dt.datetime) -> str:
    """Too many failures: how long to wait, and until when."""
    t = translator()
    seconds = max(1, round((until - dt.datetime.now()).total_seconds()))
    wait = t("access.seconds", n=seconds) if seconds < 120 else t("access.minutes", n=round(seconds / 60))
    return t("access.wait", wait=wait, time=until.strftime("%H:%M:%S"))


def organiser_gate() -> bool:
    """True once this session gave the organisers' password from Streamlit secrets; draws the gate.

    Wrong passwords are limited like access codes (per session and per address, indicators/access.py).
    """
    t = translator()
    try:
        expected = st.secrets.get("organiser_password")
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        expected = None
    if not expected:
        st.warning(t("org.no_password"))
        return False
    if st.session_state.get("organiser_ok"):
        return True
    with st.form("organiser_login"):
        typed = st.text_input(t("org.password"), type="password")
        if st.form_submit_button(t("org.enter")):
            current = store()
            outcome, until = access.attempt(
                limited_clients("organiser", access.PASSWORD_LIMITS),
                dt.datetime.now(),
                lambda: True if hmac.compare_digest(typed.encode(), str(expected).encode()) else None,
                current.failed_attempts,
                current.record_failed_attempt,
            )
            if outcome == "ok":
                st.session_state["organiser_ok"] = True
                st.rerun()
            st.error(wait_message(until) if outcome == "locked" else t("org.wrong_password"))
    return False


@st.cache_data(**CACHED)
def _live_view(db_path: str, revision: tuple, theme: str | None, charts: bool) -> LiveView:
    return stored_live_view(store(), questionnaire(), theme, charts)


def live_view(theme: str | None, charts: bool) -> LiveView:
    """The presenter's figures, aggregated in DuckDB once per new submission for every screen."""
    return _live_view(_db(), revision("answers", "catalogue"), theme, charts)


@st.cache_data(**CACHED)
def _priority_summary(
    db_path: str, revision: tuple, language: str, level: str, place_id: str | None, country: str | None
) -> pd.DataFrame:
    return stored_priority_summary(store(), questionnaire(), language, level, place_id, country)


def priority_summary(level: str, place_id: str | None = None, country: str | None = None) -> pd.DataFrame:
    """summary.stored_priority_summary in the user's language, computed once per new submission."""
    return _priority_summary(_db(), revision("answers", "catalogue"), language(), level, place_id, country)


@st.cache_data(**CACHED)
def _example_share(db_path: str, revision: tuple, place_id: str | None, country: str | None) -> tuple:
    return stored_example_share(store(), questionnaire(), place_id, country)


@st.cache_data(show_spinner=False, max_entries=8)
def _export_file(db_path: str, revision: tuple, language: str, request: tuple, today: dt.date) -> bytes:
    return exports.export_file(store(), questionnaire(), Translator(language), ExportRequest(*request), today)


def export_file(request: ExportRequest) -> bytes:
    """An export's bytes, built from the same SQL summaries as the pages; a second download of the same
    file with no new data is a lookup. Raises exports.ExportError as export_file does."""
    fields = (request.scope, request.format, request.place_id, request.country, request.hxl)
    return _export_file(_db(), revision("answers", "catalogue"), language(), fields, today())


def example_share(place_id: str | None = None, country: str | None = None) -> tuple[int, int]:
    return _example_share(_db(), revision("answers", "catalogue"), place_id, country)


def form_url() -> str:
    """Where participants open the self-assessment: IGM_PUBLIC_URL, else this server's own address."""
    base = settings().public_url
    if not base:
        parts = urlsplit(st.context.url or "http://localhost:8501/")
        base = f"{parts.scheme}://{parts.netloc}"
    return f"{base}/{routes.url_path('assessment')}"


def may_see_assessments_of(place_id: str) -> bool:
    """Organisers, and whoever opened this local government's self-assessment with its code."""
    opened = st.session_state.get("sa") or {}
    return bool(st.session_state.get("organiser_ok")) or opened.get("place_id") == place_id


def today() -> dt.date:
    return dt.date.today()


# --- Streamlit's own texts and touch targets --------------------------------------------------------
# Streamlit cannot translate the texts it draws itself. The few that remain after choosing widgets
# without them (no "Select all", no calendar, no typing filter) are hidden or replaced here by CSS
# with the catalogue's words, so a Spanish page has no English in it and the other way round.
PAGE_CSS = """
/* "Press Enter to apply" and the character counter under text boxes: English only. Text boxes
   commit on Enter and when left anyway; the limits are enforced with a message in the language. */
[data-testid="InputInstructions"] { display: none; }
/* The toolbar over tables and charts ("Download as CSV", "Search", "Fullscreen") and plotly's own
   buttons ("Download plot as a png", "Zoom", "Pan", "Reset axes") are English only. */
[data-testid="stElementToolbar"], .js-plotly-plot .modebar-container { display: none; }
/* File uploader: its instructions and button are English only; the catalogue's words instead. */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after { content: "{drop}"; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "{browse}"; font-size: 1rem;
}
/* Touch targets of at least 24 x 24 px (WCAG 2.2, 2.5.8): radio options, small buttons. */
[data-testid="stRadio"] label[data-baseweb="radio"] { min-height: 24px; align-items: center; }
[data-testid="stBaseButton-tertiary"] { min-height: 24px; }

/* --- Accessibility (checked by axe-core in tests/e2e/test_accessibility.py) --------------------- */
/* Captions: Streamlit draws them at 60 % opacity, 3.9:1 on white; opaque #545454 is 7.5:1 (WCAG AA
   asks 4.5:1). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"] small {
  color: #545454 !important; opacity: 1 !important;
}
/* A focus ring anyone can see, on whatever the keyboard reaches. */
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
[data-baseweb="select"]:focus-within, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within { outline: 3px solid #0072B2; outline-offset: 1px; }
/* Section headings are h2 and h3 so that they follow the page's h1 in order; sized as Streamlit
   draws its subheaders so the pages keep their look. */
[data-testid="stMain"] h2 { font-size: 1.75rem; }
[data-testid="stMain"] h3 { font-size: 1.4rem; }
"""


# Streamlit's English accessible names (read out by screen readers) and the catalogue keys that
# replace them. Icons Streamlit names "<icon> icon" sit beside their own text: they are hidden.
ARIA_LABELS = {
    "Open": "streamlit.open",
    "Show password": "streamlit.show_password",
    "Hide password": "streamlit.hide_password",
    "Clear all": "streamlit.clear_all",
    "Clear value": "streamlit.clear_value",
    "Main menu": "streamlit.main_menu",
    "Sidebar": "streamlit.sidebar",
    "Collapse sidebar": "streamlit.collapse_sidebar",
    "Expand sidebar": "streamlit.expand_sidebar",
    "App pages": "streamlit.app_pages",
    "Link to heading": "streamlit.link_to_heading",
    "Decrement": "streamlit.decrement",
    "Increment": "streamlit.increment",
    "Running...": "streamlit.running",
    "progress": "streamlit.progress",
    "Help for ": "streamlit.help_for",  # a prefix: "Help for <label>"
}
ARIA_SCRIPT = """<script>
(function () {
  window.__igmAriaNames = %s;  // only the names that change in this language
  if (window.__igmAriaWatch) { window.__igmAriaWatch(); return; }
  window.__igmAriaWatch = function () {
    for (const e of document.querySelectorAll("[aria-label]")) {
      const name = e.getAttribute("aria-label");
      let named = window.__igmAriaNames[name];
      const help = /^Help for (.*)$/.exec(name);  // the "?" beside a label with help text
      if (help && window.__igmAriaNames["Help for "]) named = window.__igmAriaNames["Help for "] + help[1];
      // Only a real change: setting the same name again would wake the observer for ever.
      if (named !== undefined && named !== name) e.setAttribute("aria-label", named);
      else if (e.tagName === "SPAN" && / icon$/.test(name)) {
        e.removeAttribute("aria-label");
        e.setAttribute("aria-hidden", "true");
      }
    }
  };
  new MutationObserver(window.__igmAriaWatch).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]
  });
  window.__igmAriaWatch();
})();
</script>"""


def page_css() -> None:
    """Draw the page-wide CSS in the current language (an invisible element) and, in the sidebar, the
    script that gives Streamlit's own accessible names the page's language."""
    t = translator()
    css = PAGE_CSS.replace("{drop}", t("app.upload_drop")).replace("{browse}", t("app.upload_browse"))
    st.html(f"<style>{css}</style>")
    names = {english: t(key) for english, key in ARIA_LABELS.items() if t(key) != english}
    # In the sidebar: a script element takes a line of space, and the sidebar has room for it.
    st.sidebar.html(ARIA_SCRIPT % json.dumps(names, ensure_ascii=False), unsafe_allow_javascript=True)
