"""The IGM map: filters, key figures, the map with its legend and attribution, and a place's card."""

import pandas as pd
import streamlit as st

import ui
from indicators import mapview
from indicators import places as catalogue
from indicators.config import BASEMAPS
from ui import routes

t = ui.translator()
config = ui.settings()
names = ui.country_names()
all_places = ui.places()

st.title(t("map.title"))
st.caption(t("map.intro"))

# --- basemap setting (sidebar, this page only) -------------------------------------------------
st.session_state.setdefault("basemap", config.basemap)
with st.sidebar:
    basemap = st.selectbox(
        t("map.basemap"),
        BASEMAPS,
        format_func=lambda b: t(f"map.basemap_{b}"),
        key=ui.tkey("basemap"),
        filter_mode=None,
        placeholder=t("sa.choose"),
    )
    tile_url = config.tile_url
    if basemap == "custom":
        tile_url = st.text_input(t("map.tile_url"), value=config.tile_url, key="tile_url").strip()
        if not mapview.valid_tile_url(tile_url):
            st.warning(t("map.tile_url_bad"))
            basemap = "none"

    layers = ui.imported_layers()
    context = []
    if not layers.empty:
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

# --- filters -------------------------------------------------------------------------------------
left, middle, right = st.columns([2, 3, 3])
with left:
    preset = st.radio(
        t("map.as_of"),
        ("today", "seminar", "other"),
        key=ui.tkey("as_of_preset"),
        format_func=lambda p: t(f"map.preset_{p}"),
    )
    if preset == "other":
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
        as_of, problem = catalogue.parse_as_of(typed, ui.today())
        if problem:
            as_of = st.session_state.get("as_of_last", catalogue.SEMINAR_DATE)
            st.error(
                t(
                    f"problems.{problem}",
                    low=catalogue.EARLIEST_AS_OF.isoformat(),
                    high=ui.today().isoformat(),
                )
                + " "
                + t("map.date_kept", date=as_of.isoformat())
            )
        st.session_state["as_of_last"] = as_of
    else:
        as_of = ui.today() if preset == "today" else catalogue.SEMINAR_DATE
with middle:
    chosen_countries = st.multiselect(
        t("map.countries"),
        sorted(all_places["country"].unique()),
        format_func=names.get,
        placeholder=t("map.all"),
        key=ui.tkey("f_country"),
        filter_mode=None,
        select_all=False,
    )
    chosen_levels = st.multiselect(
        t("map.levels"),
        list(catalogue.PLACE_LEVELS),
        placeholder=t("map.all"),
        format_func=lambda v: t(f"levels.{v}"),
        key=ui.tkey("f_level"),
        filter_mode=None,
        select_all=False,
    )
with right:
    chosen_statuses = st.multiselect(
        t("map.statuses"),
        [s.key for s in catalogue.MAP_STATUSES],
        format_func=lambda v: t(f"map_status.{v}"),
        placeholder=t("map.all"),
        key=ui.tkey("f_status"),
        filter_mode=None,
        select_all=False,
    )

dated = catalogue.places_as_of(all_places, as_of)
shown = catalogue.filter_places(dated, chosen_countries, chosen_statuses, chosen_levels)
figures = catalogue.key_figures(shown)

ui.key_figure_metrics(figures)
st.caption(t("map.showing", date=as_of.isoformat()))
hidden = len(all_places) - len(dated)
if hidden:
    st.caption(t("map.not_yet", count=hidden))

# --- map and place card --------------------------------------------------------------------------
records = mapview.place_records(shown, names, t)
deck = ui.map_deck(records, basemap, tile_url, context)

map_col, card_col = st.columns([3, 1])
with map_col:
    if shown.empty:
        st.info(t("map.nothing"))
    event = st.pydeck_chart(
        deck, on_select="rerun", selection_mode="single-object", key="igm_map", height=560
    )
    swatches = " ".join(
        f"<span style='display:inline-block;width:0.9em;height:0.9em;border-radius:50%;"
        f"background:rgb{s.colour};margin:0 0.3em 0 1em;vertical-align:middle'></span>"
        f"{t(f'map_status.{s.key}')}"
        for s in catalogue.MAP_STATUSES
    )
    st.markdown(f"**{t('map.legend')}:** {swatches}", unsafe_allow_html=True)
    st.caption(t("map.legend_polygon") + " " + t("map.undated_note"))
    sources = ui.boundary_sources()
    st.caption(
        t(
            "map.attribution",
            sources="; ".join(
                f"{ui.link(row.title, row.url)}, {ui.literal(row.licence)}" for row in sources.itertuples()
            ),
        )
    )

# A new click on the map chooses the place; otherwise the list keeps the user's own choice.
clicked = mapview.selected_place_id(event)
if clicked and clicked != st.session_state.get("last_map_pick"):
    st.session_state["place_pick"] = clicked
st.session_state["last_map_pick"] = clicked

with card_col:
    st.header(t("map.pick_place"))
    labels = dict(
        zip(all_places["place_id"], all_places["name"] + " (" + all_places["country"] + ")", strict=True)
    )
    place_id = st.selectbox(
        t("map.pick_prompt"),
        list(labels),
        format_func=labels.get,
        index=None,
        key="place_pick",
        placeholder=t("map.pick_prompt"),
        filter_mode=None,
    )
    if place_id is None:
        st.caption(t("map.no_selection"))
    else:
        place = all_places.set_index("place_id").loc[place_id]
        on_map = dated.set_index("place_id")["map_status"].get(place_id)
        polygon_layer = {
            f["properties"]["place_id"]: f["properties"]["layer"]
            for f in ui.place_areas_geojson()["features"]
        }.get(place_id)
        sources = ui.boundary_sources()
        layer_titles = dict(zip(sources["layer"], sources["title"], strict=True))
        st.markdown(f"### {ui.literal(place['name'])}")
        code = (
            ui.literal(f"{place['official_code']} · {place['code_system']}")
            if place["official_code"]
            else t("detail.no_code")
        )
        if place["official_code"] and not place["code_verified"]:
            code += f" ({t('detail.unverified')})"
        rows = [
            (t("detail.level"), t(f"levels.{place['level']}")),
            (t("detail.country"), names.get(place["country"], place["country"])),
            (t("detail.admin1"), ui.literal(place["admin1"] or "—")),
            (t("detail.status"), catalogue.describe_status(place["status"], place["status_from"], t)),
            (t("detail.status_on_date"), t(f"map_status.{on_map}") if on_map else t("detail.not_shown")),
            (t("detail.code"), code),
            (
                t("detail.location"),
                f"{place['lat']:.2f}, {place['lon']:.2f} · " + t(f"detail.{place['coord_precision']}"),
            ),
            (
                t("detail.polygon"),
                t("detail.polygon_known", source=ui.literal(layer_titles.get(polygon_layer, polygon_layer)))
                if polygon_layer
                else t("detail.polygon_none"),
            ),
            (t("detail.verified_label"), t("detail.yes") if place["verified"] else t("detail.no")),
        ]
        st.markdown("\n".join(f"- **{label}:** {value}" for label, value in rows))
        st.markdown(f"**{t('detail.source')}:** {ui.link(place['source_label'], place['source_url'])}")
        if place[f"notes_{ui.language()}"]:
            st.caption(f"{t('detail.notes')}: {ui.literal(place[f'notes_{ui.language()}'])}")
        if st.button(t("profile.open_profile"), key="open_profile", icon=":material/description:"):
            st.session_state["profile_place"] = place_id
            st.switch_page(routes.script("profile"))

# --- table ---------------------------------------------------------------------------------------
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
