"""The presenter's follow-up steps: commitments by status per round table, and the areas whose mean
capacity moved most since a chosen round (indicators/followup_charts.py and the page), never naming or
ranking places."""

import json

import pandas as pd
import pytest

from indicators.commitments import STATUSES, status_counts
from indicators.config import DATA_DIR
from indicators.demo import generate_assessments
from indicators.followup_charts import (
    change_figure,
    commitments_figure,
    describe_change,
    describe_commitments,
    moved,
    status_by_theme,
)
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire
from indicators.store import Store
from ui import routes

Q = load_questionnaire()
PAGE = routes.script("presenter")
T = Translator("es")


def test_commitments_chart_stacks_statuses_per_round_table():
    keys = [Q.areas_of(th)[0].key for th in Q.themes]
    rows = [("r", keys[0], "done"), ("r", keys[0], "planned"), ("r", keys[2], "stalled")]
    found = pd.DataFrame(rows, columns=["round_key", "area_key", "status"]).assign(withdrawn=False)
    table = status_by_theme(status_counts(found, Q, "theme"), Q)
    assert table["theme"].tolist() == ["rt1", "rt3"] and table["total"].tolist() == [2, 1]
    figure = commitments_figure(table, Q, T, "título", "subtítulo")
    assert [trace.name for trace in figure.data] == [T(f"commitments.status_{s}") for s in STATUSES]
    done = figure.data[STATUSES.index("done")]
    assert list(done.y) == ["Mesa 1", "Mesa 3"] and list(done.text) == ["1", ""]  # counts written in
    assert figure.layout.font.size >= 20
    assert "Mesa 1: compromisos 2; cumplidos 1; en curso 0." in describe_commitments(table, Q, T)


def test_change_shows_the_areas_that_moved_most_up_and_down_with_their_sign():
    areas = [a.key for a in Q.areas]
    change = pd.DataFrame({"area_key": areas, "capacity_change": [0.0] * len(areas)})
    change.loc[:5, "capacity_change"] = [0.9, 0.5, 0.1, 0.2, 0.3, 0.4]
    change.loc[6:7, "capacity_change"] = [-0.6, -0.2]
    change.loc[8, "capacity_change"] = float("nan")  # no place answered it in both
    shown = moved(change)
    assert shown["capacity_change"].tolist() == [0.9, 0.5, 0.4, -0.2, -0.6]  # 3 up at most, 3 down
    figure = change_figure(shown, Q, "es", T, "título", "subtítulo")
    assert list(figure.data[0].text) == ["+0.90", "+0.50", "+0.40", "-0.20", "-0.60"]
    sentence = describe_change(shown, Q, "es", T, 3)
    assert (
        "respondieron en ambas rondas (3)" in sentence
        and Q.areas[6].name["es"] in sentence.split("Bajaron:")[1]
    )


@pytest.fixture
def two_rounds(tmp_path):
    store = Store.open(tmp_path / "app.duckdb")
    store.load_bundled(DATA_DIR)
    generate_assessments(store, Q, 40, actions=True)
    store.close_round("seminario-2022", "test")
    store.start_round("seguimiento-2023", "Seguimiento 2023", "Follow-up 2023", "test")
    generate_assessments(store, Q, 40, actions=True)
    store.close()


def choose(at, chart: str):
    at.segmented_control(key="pr_chart@es").set_value(chart).run()
    return at


def test_presenter_commitments_step(app, two_rounds):
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    choose(at, "commitments")
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["title"]["text"] == "<b>Compromisos por estado y mesa</b>"
    total = spec["layout"]["title"]["subtitle"]["text"]
    assert total.startswith("DATOS DE EJEMPLO (generados; no reales)")
    at.selectbox(key="pr_cm_round").set_value("seguimiento-2023").run()
    narrowed = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["subtitle"]["text"]
    assert narrowed != total and "DATOS DE EJEMPLO" in narrowed
    assert "hnd-" not in json.dumps(spec) and "Danlí" not in json.dumps(spec)  # no place named


def test_presenter_change_step(app, two_rounds):
    at = app(PAGE)
    at.toggle(key="pr_reveal").set_value(True).run()
    choose(at, "change")
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["title"]["text"] == "<b>Capacidad media: las áreas que más cambiaron</b>"
    subtitle = spec["layout"]["title"]["subtitle"]["text"].replace("<br>", " ")
    assert "De «Seminario Regional, San Salvador, septiembre de 2022» a «Seguimiento 2023»" in subtitle
    assert "respondieron en ambas rondas" in subtitle and subtitle.startswith("DATOS DE EJEMPLO")
    assert all(label[0] in "+-" for label in spec["data"][0]["text"])
    assert any("Solo los gobiernos locales que respondieron en ambas" in c.value for c in at.caption)
    assert len(at.dataframe[0].value) == len(Q.areas)  # every area in the table under the chart
