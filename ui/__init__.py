"""Streamlit-side glue shared by the pages: the cached store, the translator, cached map layers.

Caching lives here, not in indicators/, so the domain runs without a Streamlit runtime.
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

from indicators import access, geo
from indicators.config import Settings
from indicators.framework import Framework, load_framework
from indicators.i18n import DEFAULT_LANGUAGE, Translator
from indicators.questionnaire import Questionnaire, load_questionnaire
from indicators.store import Store
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


# Cached readers take the database path so that each database (tests use their own) has its own
# cache entries; pages call the argument-free wrappers.


@st.cache_data(show_spinner=False, ttl=60)
def _places(db_path: str) -> pd.DataFrame:
    return store().places()


@st.cache_data(show_spinner=False, ttl=60)
def _countries(db_path: str) -> pd.DataFrame:
    return store().countries()


@st.cache_data(show_spinner=False, ttl=60)
def _layer_geojson(db_path: str, layer: str) -> dict:
    return geo.to_feature_collection(store().boundary_layer(layer), ["code", "name"])


@st.cache_data(show_spinner=False, ttl=60)
def _context_geojson(db_path: str, layer: str) -> dict:
    rows = store().boundary_layer(layer)
    return geo.to_feature_collection(
        rows,
        ["code", "name"],
        geo.CONTEXT_TOLERANCE_DEGREES,
        geo.CONTEXT_PRECISION_DEGREES,
        geo.CONTEXT_MAX_VERTICES,
    )


@st.cache_data(show_spinner=False, ttl=60)
def _imported_layers(db_path: str) -> pd.DataFrame:
    return store().imported_layers()


def context_geojson(layer: str) -> dict:
    """A whole imported layer, simplified more than the places' own polygons (see indicators/geo.py)."""
    return _context_geojson(_db(), layer)


def imported_layers() -> pd.DataFrame:
    return _imported_layers(_db())


@st.cache_data(show_spinner=False, ttl=60)
def _place_areas_geojson(db_path: str) -> dict:
    return geo.to_feature_collection(store().place_polygons(), ["place_id", "layer"])


@st.cache_data(show_spinner=False, ttl=60)
def _boundary_sources(db_path: str) -> pd.DataFrame:
    return store().boundary_sources()


def _db() -> str:
    return str(settings().db_path)


def places() -> pd.DataFrame:
    return _places(_db())


def countries() -> pd.DataFrame:
    return _countries(_db())


def country_names() -> dict[str, str]:
    frame = countries()
    return dict(zip(frame["iso3"], frame[f"name_{language()}"], strict=True))


def layer_geojson(layer: str) -> dict:
    return _layer_geojson(_db(), layer)


def place_areas_geojson() -> dict:
    return _place_areas_geojson(_db())


def boundary_sources() -> pd.DataFrame:
    return _boundary_sources(_db())


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


@st.cache_data(show_spinner=False, ttl=2)
def _submitted_answers(db_path: str) -> pd.DataFrame:
    return store().submitted_answers()


def submitted_answers() -> pd.DataFrame:
    """Every submitted answer; cached for 2 s so several live screens share one query."""
    return _submitted_answers(_db())


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
