"""Streamlit-side glue shared by the pages: the cached store, the translator, cached map layers.

Caching lives here, not in indicators/, so the domain runs without a Streamlit runtime.
"""

import datetime as dt

import duckdb
import pandas as pd
import streamlit as st

from indicators import geo
from indicators.config import Settings
from indicators.i18n import DEFAULT_LANGUAGE, Translator
from indicators.store import Store
from indicators.validation import DataFileError

LANGUAGE_NAMES = {"es": "Español", "en": "English"}


def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str, data_dir: str) -> tuple[Store | None, DataFileError | str | None]:
    """One connection per process; each query runs on its own cursor (see indicators/store.py)."""
    try:
        store = Store.open(db_path)
    except duckdb.IOException:
        return None, "locked"
    try:
        store.load_bundled(settings().data_dir)
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
    opened, problem = _open_store(str(config.db_path), str(config.data_dir))
    if problem == "locked":
        st.error(t("app.store_locked", path=config.db_path))
        st.stop()
    if isinstance(problem, DataFileError):
        st.error(t("app.bundle_rejected", source=problem.source))
        st.markdown("\n".join(f"- {line}" for line in problem.describe(t)))


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def translator() -> Translator:
    return Translator(language())


@st.cache_data(show_spinner=False, ttl=60)
def places() -> pd.DataFrame:
    return store().places()


@st.cache_data(show_spinner=False, ttl=60)
def countries() -> pd.DataFrame:
    return store().countries()


def country_names() -> dict[str, str]:
    frame = countries()
    return dict(zip(frame["iso3"], frame[f"name_{language()}"], strict=True))


@st.cache_data(show_spinner=False)
def layer_geojson(layer: str) -> dict:
    return geo.to_feature_collection(store().boundary_layer(layer), ["code", "name"])


@st.cache_data(show_spinner=False, ttl=60)
def place_areas_geojson() -> dict:
    return geo.to_feature_collection(store().place_polygons(), ["place_id", "layer"])


@st.cache_data(show_spinner=False, ttl=60)
def boundary_sources() -> pd.DataFrame:
    return store().boundary_sources()


def today() -> dt.date:
    return dt.date.today()
