"""Streamlit-side glue shared by the pages: the cached store, the translator, cached reads.

Caching lives here, not in indicators/, so the domain runs without a Streamlit runtime. Cached reads
are keyed on the store's data revisions (indicators/store/connection.py), never on a time to live:
a rerun with no new data is a lookup, and the first rerun after a write recomputes once for everyone.
"""

import datetime as dt
import hmac
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from indicators import access, geo, layers, mapview
from indicators.config import Settings
from indicators.framework import Framework, load_framework
from indicators.i18n import DEFAULT_LANGUAGE, Translator
from indicators.presenter import LiveView, stored_live_view
from indicators.questionnaire import Questionnaire, load_questionnaire
from indicators.store import Store
from indicators.summary import stored_example_share, stored_priority_summary
from indicators.validation import DataFileError
from ui import routes

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str, data_dir: str) -> tuple[Store, DataFileError | None]:
    """One connection per process; each query runs on its own cursor (see indicators/store/connection.py).

    A locked file raises, and Streamlit does not cache a raise, so the next reload tries again.
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
    return _open_store(str(config.db_path), str(config.data_dir))[0]


def check_store() -> None:
    """Say plainly when the store is locked or the bundled data was rejected; never a trace."""
    t = translator()
    config = settings()
    try:
        _, problem = _open_store(str(config.db_path), str(config.data_dir))
    except duckdb.IOException:
        st.error(t("app.store_locked", path=config.db_path))
        st.stop()
    if isinstance(problem, DataFileError):
        st.error(t("app.bundle_rejected", source=problem.source))
        st.markdown("\n".join(f"- {line}" for line in problem.describe(t)))


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


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def translator() -> Translator:
    return Translator(language())


# Cached readers take the database path, so that each database (tests use their own) has its own
# entries, and the revision of what they read, so that a write is seen on the next rerun; pages call
# the wrappers. Old revisions fall out of the cache (max_entries).
CACHED = {"show_spinner": False, "max_entries": 16}


def _db() -> str:
    return str(settings().db_path)


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
    records: pd.DataFrame,
    basemap: str,
    tile_url: str,
    context: tuple[str, ...],
) -> str:
    areas = mapview.with_place_properties(place_areas_geojson(), records)
    outlines, states = layer_geojson("crm-countries"), layer_geojson("mex-adm1")
    # An imported layer arrives as the GeoJSON text simplified at import: it is inserted as is.
    views = [store().boundary_view(layer) or mapview.EMPTY_COLLECTION for layer in context]
    return mapview.deck_json(records, areas, outlines, states, basemap, tile_url, views)


def map_deck(records: pd.DataFrame, basemap: str, tile_url: str, context: list[str]):
    """The map for these places and settings, serialised once for as long as neither they nor the
    catalogue change: a rerun that does not change the map does not rebuild or re-serialise it."""
    text = _map_json(_db(), revision("catalogue"), records, basemap, tile_url, tuple(context))
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
    return load_questionnaire(settings().data_dir)


def framework() -> Framework:
    return load_framework(settings().data_dir)


def all_places() -> pd.DataFrame:
    """IGM places and municipalities registered by organisers (who may answer the self-assessment)."""
    return store().places(igm_only=False)


def try_code(code: str, lookup):
    """Check a typed code under the rate limits of this browser session and address (indicators/access.py)."""
    current = store()
    return access.try_code(
        code,
        code_clients(),
        dt.datetime.now(),
        lookup,
        current.failed_attempts,
        current.record_failed_attempt,
    )


def code_clients() -> dict[str, int]:
    """Who is trying codes, with the failures each may make (see indicators/access.py)."""
    if "client_id" not in st.session_state:
        st.session_state["client_id"] = f"session:{uuid.uuid4()}"
    clients = {st.session_state["client_id"]: access.MAX_FAILURES}
    if st.context.ip_address:
        clients[f"ip:{st.context.ip_address}"] = access.MAX_FAILURES_PER_ADDRESS
    return clients


def organiser_gate() -> bool:
    """True once this session gave the organisers' password from Streamlit secrets; draws the gate."""
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
            if hmac.compare_digest(typed.encode(), str(expected).encode()):
                st.session_state["organiser_ok"] = True
                st.rerun()
            st.error(t("org.wrong_password"))
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
