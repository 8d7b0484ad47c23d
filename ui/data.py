"""Every read a view needs, and the one cache they all go through.

A read that caches or adapts (the language, today's date, a file built later) is named here; a plain
read goes to the one Store there is, `data.store().<read>()`, never kept in a cache; writes are in
ui/actions.py. Caching lives on this side, not in indicators/, so the domain runs without a Streamlit
runtime.

Every cached read goes through `cached`: keyed on the database (tests and instances each have their
own) and on the revisions of what it reads (indicators/store/connection.py), never on a time to
live. A rerun with no new data is a lookup; the first rerun after a write (by this instance, another
one sharing a PostgreSQL server, or a command) recomputes once for everyone. So no write has to
clear a cache. One person's own rows (a draft, a consultation answer, a code), what someone typed
(ui/gate.py limits the tries) and personal data (the roster, shared e-mails, the audit trail) are read
straight through `store()`: they change with every keystroke saved or must be gone on the next rerun,
and caching them would only push the shared entries out.
"""

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from indicators import audit, exports, geo, layers, mapview
from indicators.config import Settings
from indicators.consultation import Consultation, consultation_tables
from indicators.evaluation import Evaluation
from indicators.evaluation import evaluation as evaluation_of
from indicators.exports import ExportRequest
from indicators.exports.closing import closing_report_file
from indicators.exports.profile_pdf import stored_profile_pdf
from indicators.framework import Framework
from indicators.peers import Peers, find_peers
from indicators.presenter import LiveView, join_qr_png, stored_live_view
from indicators.questionnaire import Questionnaire
from indicators.registries import Registries
from indicators.store import Store
from indicators.summary import stored_example_share, stored_priority_summary, stored_top_areas
from indicators.validation import DataFileError
from ui import lang, routes

# --- settings, registries, the store -------------------------------------------------------------


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


def questionnaire() -> Questionnaire:
    return registries().questionnaire


def framework() -> Framework:
    return registries().framework


def consultation() -> Consultation:
    return registries().consultation


def seminar() -> dict:
    return registries().seminar


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
    layers.store_missing_views(store)  # layers stored before the map's views and shapes were
    return store, None


def store() -> Store:
    """The open store, for ui/actions.py and ui/gate.py; views call the named reads below."""
    config = settings()
    return _open_store(config.database, str(config.data_dir))[0]


def bundle_problem() -> DataFileError | None:
    """Why the bundled data was refused, if it was; raises when the database cannot be opened."""
    config = settings()
    return _open_store(config.database, str(config.data_dir))[1]


def today() -> dt.date:
    return dt.date.today()


def public_base() -> str:
    """The app's address as participants' phones reach it: IGM_PUBLIC_URL, else this server's own."""
    base = settings().public_url
    if not base:
        parts = urlsplit(st.context.url or "http://localhost:8501/")
        base = f"{parts.scheme}://{parts.netloc}"
    return base


def form_url() -> str:
    """Where participants open the self-assessment."""
    return f"{public_base()}/{routes.url_path('assessment')}"


@st.cache_data(show_spinner=False, max_entries=4)
def join_qr(url: str) -> str:
    """The QR code of the form's address (base64 PNG), made once per address, not on every refresh."""
    return join_qr_png(url)


# --- the one cache --------------------------------------------------------------------------------


def revision(*kinds: str) -> tuple[int, ...]:
    counts = store().revisions()
    return tuple(counts[kind] for kind in kinds)


# Old revisions fall out (least recently used first); a screen that refreshes keeps its entry fresh.
@st.cache_data(show_spinner=False, max_entries=128)
def _cached(
    database: str, data_dir: str, revision: tuple, name: str, key: tuple, _read: Callable, _args: tuple
):
    """`key` identifies the arguments (`_args` themselves may be unhashable, like a table of places).
    The data folder is part of the key: its registries (texts, questionnaire) shape what is read."""
    return _read(*_args)


# The same, for a value every session may share as it is, never changed once made (a plotly figure):
# st.cache_data copies a value out of its cache by pickle, and a figure's copy is built and checked
# again from its properties, as long as building it the first time.
@st.cache_resource(show_spinner=False, max_entries=32)
def _shared(
    database: str, data_dir: str, revision: tuple, name: str, key: tuple, _read: Callable, _args: tuple
):
    return _read(*_args)


def cached(*kinds: str, key: Callable | None = None, shared: bool = False):
    """Decorator: the read is computed once per database, revision of `kinds` and arguments.

    `kinds` are the store's revisions the read depends on (catalogue, answers, results, activity);
    `key`, given the arguments, returns what identifies them when they cannot be hashed. `shared`
    values are handed out as they are, not copied: for what no caller changes.
    """

    def decorate(read):
        signature = inspect.signature(read)
        name = f"{read.__module__}.{read.__qualname__}"

        @functools.wraps(read)
        def call(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.args
            identity = arguments if key is None else key(*arguments)
            config = settings()
            return (_shared if shared else _cached)(
                config.database, str(config.data_dir), revision(*kinds), name, identity, read, arguments
            )

        return call

    return decorate


# --- places and countries -------------------------------------------------------------------------


@cached("catalogue")
def places() -> pd.DataFrame:
    """The IGM places (the map, the profiles)."""
    return store().places()


@cached("catalogue")
def all_places() -> pd.DataFrame:
    """IGM places and municipalities registered by organisers (who may answer the self-assessment)."""
    return store().places(igm_only=False)


@cached("catalogue")
def countries() -> pd.DataFrame:
    return store().countries()


def country_names() -> dict[str, str]:
    """ISO3 code → the country's name in the page's language."""
    frame = countries()
    return dict(zip(frame["iso3"], frame[f"name_{lang.language()}"], strict=True))


def place_labels(igm_only: bool = True) -> dict[str, str]:
    """place_id → "Name (ISO3)", the label of every place picker; registered places too if not igm_only."""
    frame = places() if igm_only else all_places()
    return dict(zip(frame["place_id"], frame["name"] + " (" + frame["country"] + ")", strict=True))


# --- the map --------------------------------------------------------------------------------------


@cached("catalogue")
def imported_layers() -> pd.DataFrame:
    return store().imported_layers()


@cached("catalogue")
def boundary_sources() -> pd.DataFrame:
    return store().boundary_sources()


# Both read the shapes simplified where each layer was written (bundle load, import): never simplified here.
@cached("catalogue")
def layer_geojson(layer: str) -> dict:
    return geo.shapes_collection(store().boundary_shapes(layer), ["code", "name"])


@cached("catalogue")
def place_areas_geojson() -> dict:
    polygons = store().place_polygons()
    # A layer written by an instance of an older version (one shared PostgreSQL) has no shapes until
    # an instance of this one opens the database again: its places stay points meanwhile.
    return geo.shapes_collection(polygons[polygons["shape"].notna()], ["place_id", "layer"])


def polygon_layer_of(place_id: str) -> str | None:
    """The boundary layer whose polygon is this place's area, if one is."""
    layers_by_place = {
        f["properties"]["place_id"]: f["properties"]["layer"] for f in place_areas_geojson()["features"]
    }
    return layers_by_place.get(place_id)


def _places_shown(records: pd.DataFrame, *settings) -> tuple:
    # The places shown, as text (the colour lists are unhashable; the colour follows the status).
    return (records.drop(columns="colour").to_json(orient="split"), *settings)


@cached("catalogue", key=_places_shown)
def _map_json(
    records: pd.DataFrame, basemap: str, tile_url: str, context: tuple[str, ...], view: tuple
) -> str:
    areas = mapview.with_place_properties(place_areas_geojson(), records)
    outlines, states = layer_geojson("crm-countries"), layer_geojson("mex-adm1")
    # An imported layer arrives as the GeoJSON text simplified at import: it is inserted as is.
    views = [store().boundary_view(layer) or mapview.EMPTY_COLLECTION for layer in context]
    return mapview.deck_json(
        records, areas, outlines, states, basemap, tile_url, views, mapview.view_state(*view)
    )


def map_deck(
    records: pd.DataFrame, basemap: str, tile_url: str, context: list[str], view=mapview.REGION_VIEW
):
    """The map for these places and settings, opening on `view`, serialised once for as long as
    neither they nor the catalogue change: a rerun that does not change the map does not rebuild or
    re-serialise it."""
    opening = (view.latitude, view.longitude, view.zoom)
    return mapview.SerialisedDeck(_map_json(records, basemap, tile_url, tuple(context), opening))


@cached("catalogue")
def country_bounds(codes: tuple[str, ...]) -> tuple[float, float, float, float] | None:
    """The box a map view must show of these countries (their bundled outlines)."""
    return mapview.country_bounds(layer_geojson("crm-countries"), list(codes))


# --- submitted self-assessments -------------------------------------------------------------------


@cached("answers", "catalogue", shared=True)
def live_view(theme: str | None, charts: bool) -> LiveView:
    """The presenter's figures, aggregated in DuckDB once per new submission for every screen (shared,
    not copied: a screen refreshing with no new data reads it every few seconds)."""
    return stored_live_view(store(), questionnaire(), theme, charts)


def priority_summary(level: str, place_id: str | None = None, country: str | None = None) -> pd.DataFrame:
    """summary.stored_priority_summary in the user's language, computed once per new submission."""
    return _priority_summary(lang.language(), level, place_id, country)


@cached("answers", "catalogue")
def _priority_summary(language: str, level: str, place_id: str | None, country: str | None) -> pd.DataFrame:
    return stored_priority_summary(store(), questionnaire(), language, level, place_id, country)


def top_areas(place_id: str) -> tuple[int, int, pd.DataFrame]:
    """summary.stored_top_areas in the user's language: what a phone shows after its submission."""
    return _top_areas(lang.language(), place_id)


@cached("answers", "catalogue")
def _top_areas(language: str, place_id: str) -> tuple[int, int, pd.DataFrame]:
    return stored_top_areas(store(), questionnaire(), language, place_id)


@cached("answers", "catalogue")
def example_share(place_id: str | None = None, country: str | None = None) -> tuple[int, int]:
    """(generated examples, all responses) among the submitted answers of the scope."""
    return stored_example_share(store(), questionnaire(), place_id, country)


@cached("answers", "activity")
def assessment_counts() -> dict[str, int]:
    """Submitted, of which examples, and drafts."""
    return store().assessment_counts()


def export_file(request: ExportRequest) -> bytes:
    """An export's bytes, built from the same SQL summaries as the pages; a second download of the same
    file with no new data is a lookup. Raises exports.ExportError as export_file does."""
    fields = (
        request.scope,
        request.format,
        request.place_id,
        request.country,
        request.hxl,
        request.aggregates_only,
    )
    return _export_file(lang.language(), fields, today())


@cached("answers", "catalogue")
def _export_file(language: str, request: tuple, day: dt.date) -> bytes:
    t = registries().translator(language)  # the texts of IGM_DATA_DIR, as the pages use
    return exports.export_file(store(), questionnaire(), t, ExportRequest(*request), day, settings().font_dir)


def export_file_later(request: ExportRequest) -> Callable[[], bytes]:
    """The export built only when a download button is clicked (most visitors never ask for it)."""
    current, q, t, font_dir = store(), questionnaire(), lang.translator(), settings().font_dir
    return lambda: exports.export_file(current, q, t, request, font_dir=font_dir)


# --- results, codes, settings, the consultation ---------------------------------------------------


@cached("results")
def current_findings(place_ids: tuple[str, ...]) -> pd.DataFrame:
    return store().current_findings(list(place_ids))


@cached("results")
def current_answers(place_ids: tuple[str, ...]) -> pd.DataFrame:
    return store().current_answers(list(place_ids))


@cached("results")
def places_with_results() -> pd.DataFrame:
    return store().places_with_results()


@cached("results")
def results_imports() -> pd.DataFrame:
    return store().results_imports()


@cached("activity")
def access_code_counts() -> pd.DataFrame:
    return store().access_code_counts()


@cached("activity")
def setting(name: str) -> str:
    """An organisers' switch kept in the database (e.g. consultation.AFTER_WITHOUT_BEFORE)."""
    return store().setting(name)


@cached("activity")
def consultation_responses() -> pd.DataFrame:
    return store().consultation_responses()


@cached("activity")
def consultation_results(language: str) -> dict[str, pd.DataFrame]:
    """The organisers' tables of the consultation (change, distributions, comments), once per answer
    and language, not on every click of the page."""
    return consultation_tables(consultation_responses(), consultation(), registries().translator(language))


def audit_file_later(since, accounts, actions, title: str) -> Callable[[], bytes]:
    """The trail's CSV built only when its download button is clicked (outside the page's run)."""
    current, today_ = store(), today()
    return lambda: audit.audit_csv(current.audit_rows(since, accounts, actions), title, today_)


def access_codes(place_ids: list[str]) -> pd.DataFrame:
    """The codes of these places by short id, with their life and state (never the codes)."""
    return store().access_codes(place_ids, today())


def access_code_state(code: str) -> tuple[str, str] | None:
    """(place, "live" | "revoked" | "expired") of a typed access code, or None when there is none."""
    return store().access_code_state(code, today())


# --- the seminar's people (views/checkin.py, views/verify.py, the organisers' tabs) -------------------


@cached("activity")
def attendance_count(activity: str) -> int:
    """How many attended an activity: the check-in screen's anonymous count, refreshed every few seconds."""
    return store().attendance_count(activity)


@cached("activity")
def evaluation() -> Evaluation:
    """The presenter's evaluation step (aggregates of the consultation), once per new answer."""
    return evaluation_of(consultation_responses(), consultation())


def closing_report_later() -> Callable[[], bytes]:
    """The closing report built only when its download button is clicked."""
    current, r, t, font_dir = store(), registries(), lang.translator(), settings().font_dir
    return lambda: closing_report_file(current, r.questionnaire, r.consultation, r.seminar, t, font_dir)


# --- peers, contacts shared with them, good practices (issue 27) -----------------------------------


@cached("answers", "catalogue")
def peers_of(place_id: str) -> Peers:
    """A place's peers (indicators/peers.py), computed once per new submission."""
    return find_peers(store(), questionnaire(), place_id)


@cached("practices", "catalogue")
def practices(state: str | None = None, place_id: str | None = None) -> pd.DataFrame:
    """Good practices with their place's name and country, newest first."""
    return store().practices(state=state, place_id=place_id)


def profile_pdf_later(place_id: str) -> Callable[[], bytes]:
    """A place's profile PDF, built only when its download button is clicked."""
    current, t, font_dir = store(), lang.translator(), settings().font_dir
    return lambda: stored_profile_pdf(current, registries(), place_id, t, today(), font_dir)
