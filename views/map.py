"""The IGM map: filters, key figures, the map with its legend and attribution, and a place's card.

The map opens on the whole region at a zoom that fits the screen (a phone needs a wider view than a
desktop: mapview.PHONE_VIEW), and zooms to the countries chosen in the filter. On a phone the filters
fold away above the map, so the map comes right after the title and the key figures.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from indicators import mapview
from indicators import places as catalogue
from indicators.config import BASEMAPS
from ui import data, routes, screen, widgets
from ui.lang import language, link, literal, tkey, translator

t = translator()
SCREEN = "phone" if screen.on_phone() else "desktop"  # the map's size and opening view


def map_settings(names: dict[str, str]) -> tuple[str, str, list[str]]:
    """The sidebar (this page only): the basemap, its tile address, and imported layers to draw."""
    config = data.settings()
    st.session_state.setdefault("basemap", config.basemap)
    with st.sidebar:
        basemap = st.selectbox(
            t("map.basemap"),
            BASEMAPS,
            format_func=lambda b: t(f"map.basemap_{b}"),
            key=tkey("basemap"),
            filter_mode=None,
            placeholder=t("sa.choose"),
        )
        tile_url = config.tile_url
        if basemap == "custom":
            tile_url = st.text_input(t("map.tile_url"), value=config.tile_url, key="tile_url").strip()
            if not mapview.valid_tile_url(tile_url):
                st.warning(t("map.tile_url_bad"))
                basemap = "none"
        layers = data.imported_layers()
        if layers.empty:
            return basemap, tile_url, []
        layer_labels = {
            r.layer: f"{names.get(r.country, r.country)} · {r.admin_level} · {r.features}"
            for r in layers.itertuples()
        }
        context = st.multiselect(
            t("map.context_layers"),
            list(layer_labels),
            format_func=layer_labels.get,
            key="context_layers",
            placeholder=t("map.none_chosen"),
            help=t("map.context_help"),
            filter_mode=None,
            select_all=False,
        )
    return basemap, tile_url, context


def as_of_date() -> dt.date:
    """The date the map shows: today, the seminar's, or one typed (the last good one if it is wrong)."""
    preset = st.radio(
        t("map.as_of"),
        ("today", "seminar", "other"),
        key=tkey("as_of_preset"),
        format_func=lambda p: t(f"map.preset_{p}", date=t.short_date(catalogue.SEMINAR_DATE)),
    )
    if preset != "other":
        return data.today() if preset == "today" else catalogue.SEMINAR_DATE
    # A text box, not a calendar: it applies on Enter (and when left), and it has no
    # English month names or "Choose date" that Streamlit's date picker would show.
    typed = st.text_input(
        t("map.date"),
        value=catalogue.SEMINAR_DATE.isoformat(),
        key="as_of_date",
        max_chars=10,
        placeholder=t("map.date_placeholder"),
        help=t("map.date_help"),
    )
    as_of, problem = catalogue.parse_as_of(typed, data.today())
    if problem:
        as_of = st.session_state.get("as_of_last", catalogue.SEMINAR_DATE)
        low, high = t.long_date(catalogue.EARLIEST_AS_OF), t.long_date(data.today())
        st.error(
            t(f"problems.{problem}", low=low, high=high) + " " + t("map.date_kept", date=t.long_date(as_of))
        )
    st.session_state["as_of_last"] = as_of
    return as_of


def filters(all_places: pd.DataFrame, names: dict[str, str]) -> tuple[dt.date, list, list, list]:
    """The date, then countries, levels and statuses to show (none chosen: all). On a phone they fold
    away (in this order they were about 650 px above the map)."""
    box = (
        st.expander(t("map.filters"), icon=":material/filter_list:") if SCREEN == "phone" else st.container()
    )
    with box:
        return _filters(all_places, names)


def _filters(all_places: pd.DataFrame, names: dict[str, str]) -> tuple[dt.date, list, list, list]:
    left, middle, right = st.columns([2, 3, 3])
    with left:
        as_of = as_of_date()
    with middle:
        countries = st.multiselect(
            t("map.countries"),
            sorted(all_places["country"].unique()),
            format_func=names.get,
            placeholder=t("map.all"),
            key=tkey("f_country"),
            filter_mode=None,
            select_all=False,
        )
        levels = st.multiselect(
            t("map.levels"),
            list(catalogue.PLACE_LEVELS),
            placeholder=t("map.all"),
            format_func=lambda v: t(f"levels.{v}"),
            key=tkey("f_level"),
            filter_mode=None,
            select_all=False,
        )
    with right:
        statuses = st.multiselect(
            t("map.statuses"),
            [s.key for s in catalogue.MAP_STATUSES],
            format_func=lambda v: t(f"map_status.{v}"),
            placeholder=t("map.all"),
            key=tkey("f_status"),
            filter_mode=None,
            select_all=False,
        )
    return as_of, countries, levels, statuses


def opening_view(countries: list[str]):
    """The whole region, or the countries chosen, at a zoom that fits this screen's map."""
    bounds = data.country_bounds(tuple(sorted(countries))) if countries else None
    if bounds is None:
        return mapview.PHONE_VIEW if SCREEN == "phone" else mapview.REGION_VIEW
    return mapview.fit_view(bounds, *mapview.MAP_SIZES[SCREEN])


def licence(source) -> str:
    """A boundary layer's licence: the app's own words for a bundled layer in the page's language
    (data/i18n: boundary_licence.<layer>); an imported layer's as its organiser typed it."""
    key = f"boundary_licence.{source.layer}"
    return t(key) if source.origin == "bundled" and key in t.catalogue else literal(source.licence)


def draw_map(
    shown: pd.DataFrame,
    names: dict[str, str],
    basemap: str,
    tile_url: str,
    context: list[str],
    countries: list[str],
):
    """The map, its legend and the boundaries' attribution; returns the map's selection event."""
    records = mapview.place_records(shown, names, t)
    deck = data.map_deck(records, basemap, tile_url, context, opening_view(countries))
    if shown.empty:
        st.info(t("map.nothing"))
    event = st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key="igm_map",
        height=mapview.MAP_SIZES[SCREEN][1],
    )
    swatches = " ".join(
        f"<span style='display:inline-block;width:0.9em;height:0.9em;border-radius:50%;"
        f"background:rgb{s.colour};margin:0 0.3em 0 1em;vertical-align:middle'></span>"
        f"{t(f'map_status.{s.key}')}"
        for s in catalogue.MAP_STATUSES
    )
    st.markdown(f"**{t('map.legend')}:** {swatches}", unsafe_allow_html=True)
    st.caption(t("map.legend_polygon") + " " + t("map.undated_note"))
    sources = data.boundary_sources()
    st.caption(
        t(
            "map.attribution",
            sources="; ".join(f"{link(row.title, row.url)}, {licence(row)}" for row in sources.itertuples()),
        )
    )
    return event


def follow_map_click(event) -> None:
    """A new click on the map chooses the place; otherwise the list keeps the user's own choice."""
    clicked = mapview.selected_place_id(event)
    if clicked and clicked != st.session_state.get("last_map_pick"):
        st.session_state["place_pick"] = clicked
    st.session_state["last_map_pick"] = clicked


def draw_card(all_places: pd.DataFrame, dated: pd.DataFrame, names: dict[str, str]) -> None:
    """A place chosen on the map or in the list: what is known of it, and a way to its profile."""
    st.header(t("map.pick_place"))
    place_id = widgets.place_picker(
        t("map.pick_prompt"), data.place_labels(), key="place_pick", placeholder=t("map.pick_prompt")
    )
    if place_id is None:
        st.caption(t("map.no_selection"))
        return
    place = all_places.set_index("place_id").loc[place_id]
    on_map = dated.set_index("place_id")["map_status"].get(place_id)
    polygon_layer = data.polygon_layer_of(place_id)
    sources = data.boundary_sources()
    layer_titles = dict(zip(sources["layer"], sources["title"], strict=True))
    st.markdown(f"### {literal(place['name'])}")
    code = (
        literal(f"{place['official_code']} · {place['code_system']}")
        if place["official_code"]
        else t("detail.no_code")
    )
    if place["official_code"] and not place["code_verified"]:
        code += f" ({t('detail.unverified')})"
    rows = [
        (t("detail.level"), t(f"levels.{place['level']}")),
        (t("detail.country"), names.get(place["country"], place["country"])),
        (t("detail.admin1"), literal(place["admin1"] or "—")),
        (t("detail.status"), catalogue.describe_status(place["status"], place["status_from"], t)),
        (t("detail.status_on_date"), t(f"map_status.{on_map}") if on_map else t("detail.not_shown")),
        (t("detail.code"), code),
        (
            t("detail.location"),
            f"{place['lat']:.2f}, {place['lon']:.2f} · " + t(f"detail.{place['coord_precision']}"),
        ),
        (
            t("detail.polygon"),
            t("detail.polygon_known", source=literal(layer_titles.get(polygon_layer, polygon_layer)))
            if polygon_layer
            else t("detail.polygon_none"),
        ),
        (t("detail.verified_label"), t("detail.yes") if place["verified"] else t("detail.no")),
    ]
    st.markdown("\n".join(f"- **{label}:** {value}" for label, value in rows))
    st.markdown(f"**{t('detail.source')}:** {link(place['source_label'], place['source_url'])}")
    notes = place[f"notes_{language()}"]
    if notes:
        st.caption(f"{t('detail.notes')}: {literal(notes)}")
    # A link to the profile's own address (/perfiles?lugar=…), which can also be opened in a new tab.
    st.page_link(
        routes.script("profile"),
        label=t("profile.open_profile"),
        icon=":material/description:",
        query_params=routes.query(language(), lugar=place_id),
    )


def draw_table(shown: pd.DataFrame, names: dict[str, str]) -> None:
    st.header(t("map.table_title"))
    table = pd.DataFrame(
        {
            t("columns.name"): shown["name"],
            t("columns.country"): shown["country"].map(names),
            t("columns.level"): shown["level"].map(lambda v: t(f"levels.{v}")),
            t("columns.status"): shown["map_status"].map(lambda v: t(f"map_status.{v}")),
            t("columns.since"): shown["status_from"],
            t("columns.verified"): shown["verified"],
            t("columns.source"): shown["source_url"],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={t("columns.source"): st.column_config.LinkColumn()},
    )


def main() -> None:
    names = data.country_names()
    all_places = data.places()
    st.title(t("map.title"))
    st.caption(t("map.intro"))
    basemap, tile_url, context = map_settings(names)
    as_of, countries, levels, statuses = filters(all_places, names)
    dated = catalogue.places_as_of(all_places, as_of)
    shown = catalogue.filter_places(dated, countries, statuses, levels)
    widgets.key_figures(catalogue.key_figures(shown))
    st.caption(t("map.showing", date=t.long_date(as_of)))
    if hidden := len(all_places) - len(dated):
        st.caption(t("map.not_yet", count=hidden))
    map_col, card_col = st.columns([3, 1])
    with map_col:
        event = draw_map(shown, names, basemap, tile_url, context, countries)
    follow_map_click(event)
    with card_col:
        draw_card(all_places, dated, names)
    draw_table(shown, names)


main()
