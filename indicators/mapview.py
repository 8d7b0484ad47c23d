"""The IGM map as a pydeck Deck: bundled outlines underneath, places coloured by status on top.

The map never depends on a basemap server: country outlines and state borders are layers of their
own, and the basemap is a setting ("none" draws a plain sea-coloured background).
"""

import json
import math
from urllib.parse import quote

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from shapely.geometry import shape

from indicators.i18n import Translator
from indicators.places import MAP_STATUS_BY_KEY

PLACE_POINTS = "place-points"
PLACE_AREAS = "place-areas"
PICKABLE_LAYERS = (PLACE_POINTS, PLACE_AREAS)

# The map's opening view must show every place with its area, west to east from Baja California's
# coast to Santo Domingo, south to north from Panama to Montréal (west, south, east, north).
REGION_BOUNDS = (-117.5, 7.0, -68.0, 46.0)
# The map's height, and the narrowest its column gets: a 1280 px window with the sidebar (three
# quarters of the page), and a phone (390 px less the page's margins), shorter so that it is not
# mostly sea. deck.gl's zoom is a scale, not a fit: at the desktop's zoom a phone showed a third as
# much and cut off Baja California, Sonora and Montréal.
MAP_SIZES = {"desktop": (600, 560), "phone": (350, 440)}
MIN_ZOOM, MAX_ZOOM = 0.5, 12
FIT_MAX_ZOOM = 7.5  # a country chosen in the filter: never closer than a small country whole


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def fit_view(bounds: tuple[float, float, float, float], width: int, height: int) -> pdk.ViewState:
    """The view that shows `bounds` (west, south, east, north, in degrees) whole in a map of
    `width` × `height` px, with a margin of a tenth on every side (Web Mercator, 512 px a world at
    zoom 0, as deck.gl draws it)."""
    west, south, east, north = bounds
    margin = 1.2
    across = width * 360 / (512 * (east - west) * margin)
    up = height * 2 * math.pi / (512 * (_mercator(north) - _mercator(south)) * margin)
    middle = (_mercator(north) + _mercator(south)) / 2
    return view_state(
        round(math.degrees(2 * math.atan(math.exp(middle)) - math.pi / 2), 4),
        round((west + east) / 2, 4),
        round(min(math.log2(min(across, up)), FIT_MAX_ZOOM), 2),
    )


def view_state(latitude: float, longitude: float, zoom: float) -> pdk.ViewState:
    return pdk.ViewState(
        latitude=latitude, longitude=longitude, zoom=zoom, min_zoom=MIN_ZOOM, max_zoom=MAX_ZOOM
    )


# Fixed for a screen so the view does not jump back on every rerun (pydeck resets when it changes).
REGION_VIEW = fit_view(REGION_BOUNDS, *MAP_SIZES["desktop"])
PHONE_VIEW = fit_view(REGION_BOUNDS, *MAP_SIZES["phone"])
FARTHEST_NORTH = 70.0  # Canada's arctic islands would shrink the rest of a country to a corner


def country_bounds(outlines: dict, codes: list[str]) -> tuple[float, float, float, float] | None:
    """What a view must show of these countries (ISO3 codes of the outlines' "code"): the box around
    their parts in the western hemisphere (the Aleutians cross 180°), south of FARTHEST_NORTH."""
    boxes = [
        part.bounds
        for feature in outlines["features"]
        if feature["properties"].get("code") in codes
        for part in getattr(shape(feature["geometry"]), "geoms", [shape(feature["geometry"])])
        if part.bounds[2] < 0
    ]
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        min(max(b[3] for b in boxes), FARTHEST_NORTH),
    )


CARTO_STYLE = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
SEA = "#dbe7f0"
PLAIN_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "sea", "type": "background", "paint": {"background-color": SEA}}],
}


def style_url(style: dict) -> str:
    """An inline MapLibre style as a data: URL, since Streamlit's map accepts only a style URL."""
    return "data:application/json;charset=utf-8," + quote(json.dumps(style, separators=(",", ":")))


class CompactDeck(pdk.Deck):
    """pydeck indents its JSON (five times bigger and slow to encode); Streamlit sends it as is."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


class SerialisedDeck(pdk.Deck):
    """A map already serialised (see `deck_json`): Streamlit takes its JSON as it is."""

    def __init__(self, text: str):
        super().__init__(layers=[], tooltip=TOOLTIP)
        self._text = text

    def to_json(self) -> str:
        return self._text


EMPTY_COLLECTION = '{"type":"FeatureCollection","features":[]}'
TOOLTIP = {
    # Plain text: deck.gl would put an "html" template's values into the page as HTML.
    "text": "{name}\n{country_name} · {level_label}\n{status_label}",
    "style": {"fontSize": "14px"},
}


def map_style(basemap: str, tile_url: str = "") -> dict | str:
    """MapLibre style for the chosen basemap; falls back to the plain background."""
    if basemap == "carto":
        return CARTO_STYLE
    if basemap == "custom" and tile_url:
        return {
            "version": 8,
            "sources": {"tiles": {"type": "raster", "tiles": [tile_url], "tileSize": 256}},
            "layers": [
                {"id": "sea", "type": "background", "paint": {"background-color": SEA}},
                {"id": "tiles", "type": "raster", "source": "tiles"},
            ],
        }
    return PLAIN_STYLE


def place_records(places: pd.DataFrame, country_names: dict[str, str], t: Translator) -> pd.DataFrame:
    """The columns the map layers and tooltips read, with labels in the user's language."""
    records = places[["place_id", "name", "lat", "lon", "map_status", "country", "level"]].copy()
    records["country_name"] = records["country"].map(country_names)
    records["level_label"] = records["level"].map(lambda v: t(f"levels.{v}"))
    records["status_label"] = records["map_status"].map(lambda v: t(f"map_status.{v}"))
    records["colour"] = records["map_status"].map(lambda v: list(MAP_STATUS_BY_KEY[v].colour))
    return records


def with_place_properties(areas: dict, records: pd.DataFrame) -> dict:
    """Attach each place's label and colour to its polygon, dropping polygons of hidden places."""
    by_id = records.set_index("place_id")
    features = []
    for feature in areas["features"]:
        place_id = feature["properties"]["place_id"]
        if place_id in by_id.index:
            row = by_id.loc[place_id]
            props = {
                "place_id": place_id,
                "name": row["name"],
                "country_name": row["country_name"],
                "level_label": row["level_label"],
                "status_label": row["status_label"],
                "colour": row["colour"] + [110],
            }
            features.append({**feature, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def outlined(data, layer_id: str, line: list[int], width: float, fill=None, **options) -> pdk.Layer:
    """A GeoJSON layer: shapes outlined in `line` (at least `width` pixels), filled with `fill` if given."""
    filling = {"filled": False} if fill is None else {"filled": True, "get_fill_color": fill}
    return pdk.Layer(
        "GeoJsonLayer",
        data,
        id=layer_id,
        stroked=True,
        get_line_color=line,
        line_width_min_pixels=width,
        **filling,
        **options,
    )


def context_layers(collections: list[dict]) -> list[pdk.Layer]:
    """Imported boundary layers drawn as light context under the places."""
    return [
        outlined(collection, f"context-{i}", [120, 140, 160], 0.5) for i, collection in enumerate(collections)
    ]


def build_deck(
    records: pd.DataFrame | list[dict],
    areas: dict,
    outlines: dict,
    state_borders: dict,
    basemap: str = "none",
    tile_url: str = "",
    context: list[dict | str] | None = None,
    view: pdk.ViewState = REGION_VIEW,
) -> pdk.Deck:
    """The map: outlines, state borders, imported context layers, then places on top."""
    layers = [
        outlined(outlines, "country-outlines", [110, 110, 110], 1, fill=[248, 246, 240]),
        outlined(state_borders, "state-borders", [170, 170, 170], 0.5),
        *context_layers(context or []),
        outlined(areas, PLACE_AREAS, [60, 60, 60], 1, fill="properties.colour", pickable=True),
        pdk.Layer(
            "ScatterplotLayer",
            records,
            id=PLACE_POINTS,
            pickable=True,
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1.5,
            radius_min_pixels=7,
            radius_max_pixels=14,
            get_radius=6000,
        ),
    ]
    style = map_style(basemap, tile_url)
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider="carto",
        map_style=style_url(style) if isinstance(style, dict) else style,
        tooltip=TOOLTIP,
    )


def deck_json(
    records: pd.DataFrame,
    areas: dict,
    outlines: dict,
    state_borders: dict,
    basemap: str,
    tile_url: str,
    context_views: list[str],
    view: pdk.ViewState = REGION_VIEW,
) -> str:
    """The map's JSON, with imported layers' views (GeoJSON text, simplified at import) put in as they
    are: parsing and re-encoding them would cost more than all the rest of the map."""
    marks = [f"@context-{i}@" for i in range(len(context_views))]
    # Plain records: pydeck cannot serialise a pandas 3 frame (Streamlit converts it the same way).
    deck = build_deck(
        records.to_dict(orient="records"), areas, outlines, state_borders, basemap, tile_url, marks, view
    )
    text = deck.to_json()
    for mark, view in zip(marks, context_views, strict=True):
        text = text.replace(json.dumps(mark), view, 1)
    return text


def selected_place_id(selection: dict | None) -> str | None:
    """The place a map click picked, from Streamlit's selection event (None when nothing was)."""
    objects = ((selection or {}).get("selection") or {}).get("objects") or {}
    for layer in PICKABLE_LAYERS:
        for obj in objects.get(layer) or []:
            place_id = obj.get("place_id") or (obj.get("properties") or {}).get("place_id")
            if place_id:
                return place_id
    return None


def valid_tile_url(url: str) -> bool:
    """An XYZ raster template the browser can fetch: http(s) with {z}, {x} and {y}."""
    return url.startswith(("http://", "https://")) and all(p in url for p in ("{z}", "{x}", "{y}"))
