"""The presenter's figures (quadrants, counts, heatmap) and AppTests of the presenter page."""

import base64
import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from indicators import presenter_charts as charts
from indicators.charts import area_code, area_label
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.i18n import Translator
from indicators.presenter import join_qr_png, quadrant
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from tests.conftest import BACKENDS, complete, store_on_backend
from tests.oracles import live_view
from ui import routes

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)

Q = load_questionnaire()
PAGE = routes.script("presenter")


@pytest.mark.parametrize(
    "capacity, priority, expected",
    [
        (0, 3, "act_now"),
        (1.9, 2.0, "act_now"),
        (2.0, 2.0, "sustain"),
        (4, 3, "sustain"),
        (0, 1, "prepare"),
        (1.5, 1.9, "prepare"),
        (3, 1, "monitor"),
        (2.0, 1.99, "monitor"),
    ],
)
def test_quadrants(capacity, priority, expected):
    assert quadrant(capacity, priority) == expected


def test_live_view_counts_and_filters_by_round_table(store):
    for place, capacity in (("hnd-omoa", 0), ("hnd-danli", 4), ("gtm-san-marcos", 0)):
        assessment_id, _ = store.create_assessment(place)
        store.submit_assessment(assessment_id, complete(place, capacity=capacity), Q, "test")
    view = live_view(store.submitted_answers(), Q)
    assert (view.responses, view.local_governments, view.countries, view.examples) == (3, 3, 2, 0)
    assert len(view.ranked) == len(Q.areas)
    assert list(view.heatmap.index) == ["GTM", "HND"]
    assert view.heatmap.loc["GTM", "rt1_local_development"] == 12 + 3  # capacity 0, priority 3, first choice
    table = live_view(store.submitted_answers(), Q, "rt3")
    assert set(table.ranked["theme"]) == {"rt3"} and table.heatmap.columns[0] == "rt3_basic_services"
    assert set(view.ranked["quadrant"]) == {"act_now"}  # mean capacity 4/3, priority 3


def test_live_view_of_nothing():
    empty = pd.DataFrame(
        columns=[
            "assessment_id",
            "area_key",
            "capacity",
            "priority",
            "top_rank",
            "place_id",
            "country",
            "is_example",
        ]
    )
    view = live_view(empty, Q)
    assert (view.responses, view.countries) == (0, 0) and view.ranked.empty


@pytest.fixture
def seeded(tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 12)
    store.close()


def test_results_stay_hidden_until_revealed(app, seeded):
    at = app(PAGE)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Respuestas"] == "12"
    assert any("ocultos" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    assert any("DATOS DE EJEMPLO: 12 de 12" in w.value for w in at.warning)
    at.toggle(key="pr_reveal").set_value(True).run()
    assert len(at.get("plotly_chart")) == 1  # one chart at a time fills the projector


def test_presenter_steps_through_three_charts_each_with_its_data(app, seeded):
    """Next and previous go round the three charts, the evaluation, the room's two steps and the
    follow-up's two; each chart says it is example data and has its table."""
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    seen = []
    for _ in range(3):
        (chart,) = at.get("plotly_chart")
        layout = json.loads(chart.proto.spec)["layout"]
        seen.append(layout["title"]["text"])
        assert layout["title"]["subtitle"]["text"] == "<b>DATOS DE EJEMPLO</b>"
        assert layout["font"]["size"] >= 20
        assert any(e.label == "Ver los datos del gráfico" for e in at.expander)
        assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0
        at.button(key="pr_forward").click().run()
    assert seen == [
        "<b>Áreas por índice de prioridad</b>",
        "<b>Capacidad frente a prioridad</b>",
        "<b>Áreas por país (índice promedio)</b>",
    ]
    # The fourth step, the seminar's evaluation, says when the consultation has no answers yet.
    assert not at.get("plotly_chart") and any("consulta del seminario" in i.value for i in at.info)
    # Then the room's steps (tests/test_room_steps.py), the follow-up's (tests/test_followup_presenter.py),
    # and round to the first chart.
    at.button(key="pr_forward").click().run()
    assert "Preguntas más apoyadas" in at.header[0].value
    at.button(key="pr_forward").click().run()
    assert "Todavía no hay acciones propuestas" in at.info[0].value  # example answers hold none
    at.button(key="pr_forward").click().run()
    assert any("Aún no hay compromisos" in i.value for i in at.info)  # so no commitment either
    at.button(key="pr_forward").click().run()
    assert any("una sola ronda" in i.value for i in at.info)  # the change between rounds: one round yet
    at.button(key="pr_forward").click().run()
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"] == seen[0]  # round
    for _ in range(6):
        at.button(key="pr_back").click().run()
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"] == seen[2]


def test_round_table_choice_and_no_names(app, seeded):
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    at.segmented_control(key="pr_theme@es").set_value("rt4").run()
    assert any("Mesa Redonda 4" in h.value for h in at.header)
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    labels = [label for trace in bars for label in trace["y"]]
    assert len(labels) == len(Q.areas_of("rt4")) and all(label.startswith("4.") for label in labels)
    page_text = json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "Persona" not in page_text and "respondent" not in page_text


def test_text_alternatives_say_what_the_charts_show(store):
    for place, capacity in (("hnd-omoa", 0), ("hnd-danli", 4), ("gtm-san-marcos", 1)):
        assessment_id, _ = store.create_assessment(place)
        store.submit_assessment(assessment_id, complete(place, capacity=capacity), Q, "test")
    view = live_view(store.submitted_answers(), Q)
    t = Translator("es")
    first = view.ranked.iloc[0]
    assert area_code(first["area_key"], Q) in charts.describe_ranked(view, Q, "es", t, 10)
    assert "21 áreas" in charts.describe_quadrants(view, t)
    names = {"HND": "Honduras", "GTM": "Guatemala"}
    assert "2 países" in charts.describe_heatmap(view, Q, "es", t, names, 10)
    table = charts.ranked_table(view, Q, "es", t)
    assert len(table) == 21 and "Cuadrante" in table.columns
    heat = charts.heatmap_table(view, Q, "es", names, t)
    assert list(heat.columns) == ["Área", "Guatemala", "Honduras"] and len(heat) == 21


def test_join_link_and_pause(app, seeded, monkeypatch):
    monkeypatch.setenv("IGM_PUBLIC_URL", "https://igm.example.org/")
    at = app(PAGE, lang="en")
    assert any("https://igm.example.org/autoevaluacion" in m.value for m in at.markdown)
    at.toggle(key="pr_pause").set_value(True).run()
    assert any("Paused" in c.value for c in at.caption)


def test_nothing_submitted_yet(app):
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    assert {m.label: m.value for m in at.metric}["Respuestas"] == "0"
    assert any("Aún no hay respuestas" in i.value for i in at.info)


def test_example_data_looks_like_real_data_not_noise(tmp_path):
    """Areas differ across the region, local governments differ from one another, and the quadrant
    chart therefore spreads out instead of piling every area onto one point."""
    store = Store.open(tmp_path / "demo.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 400)
    answers = store.submitted_answers()
    assert answers["is_example"].all()
    by_area = answers.groupby("area_key")["capacity"].mean()
    assert by_area.max() - by_area.min() > 1.5
    by_place = answers.groupby("place_id")["capacity"].mean()
    assert by_place.max() - by_place.min() > 1.0
    view = live_view(answers, Q)
    assert view.ranked["quadrant"].nunique() >= 3
    assert view.ranked["index"].max() - view.ranked["index"].min() > 4


def test_projector_charts_draw_what_the_view_holds(store):
    """Bars highest first with their labels, the quadrant lines at the midpoints with the four
    quadrants named, the heatmap's values; 20 px type on every axis."""
    for place, capacity in (("hnd-omoa", 0), ("hnd-danli", 4), ("gtm-san-marcos", 1)):
        assessment_id, _ = store.create_assessment(place)
        store.submit_assessment(assessment_id, complete(place, capacity=capacity), Q, "test")
    view = live_view(store.submitted_answers(), Q)
    t = Translator("es")
    bars = charts.ranked_bars(view, Q, "es", t, 8)
    top = view.ranked.head(8)
    assert list(bars.layout.yaxis.categoryarray)[-1] == area_label(top["area_key"][0], Q, "es")
    assert sum(len(trace.x) for trace in bars.data) == 8 and bars.layout.xaxis.range == (0, 15)
    assert all(size == 20 for size in (bars.layout.xaxis.tickfont.size, bars.layout.yaxis.title.font.size))
    quadrants = charts.quadrant_chart(view, Q, "es", t, 3)
    lines = {(s.x0, s.y0, s.line.dash) for s in quadrants.layout.shapes}
    assert lines == {(2.0, 0, "dash"), (0, 2.0, "dash")}
    named = [a.text for a in quadrants.layout.annotations]
    assert {"<b>Actuar ya</b>", "<b>Sostener</b>", "<b>Preparar</b>", "<b>Vigilar</b>"} <= set(named)
    assert len(named) == 4 + 3 and quadrants.layout.margin.r == 340
    heat = charts.heatmap_chart(view, Q, "es", t, {"HND": "Honduras", "GTM": "Guatemala"}, 8)
    assert list(heat.data[0].y) == ["Guatemala", "Honduras"] and len(heat.data[0].x) == 8
    assert heat.data[0].z.shape == (2, 8)
    # Each chart shows whole in full-screen mode on a 1280×720 screen.
    assert all(fig.layout.height <= charts.PROJECTOR.max_height for fig in (bars, quadrants, heat))


def test_join_qr_code_is_a_png_of_the_address():
    url = "https://igm.example.org/autoevaluacion"
    png = base64.b64decode(join_qr_png(url))
    assert png.startswith(b"\x89PNG") and len(png) > 200


def test_the_last_update_is_in_the_seminars_time_zone(app, seeded):
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    caption = next(c.value for c in at.caption if c.value.startswith("Actualizado a las"))
    hour = int(re.search(r"las (\d{1,2}):\d\d:\d\d\.", caption)[1])
    # data/seminar.toml's zone, whatever the server's own clock is set to
    there = dt.datetime.now(ZoneInfo("America/El_Salvador"))
    assert hour in {(there + dt.timedelta(minutes=m)).hour for m in (-1, 0, 1)}, caption
