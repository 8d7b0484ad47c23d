"""indicators/matching.py: a layer's features paired with the catalogue's places, by code then by name,
never guessed."""

import pandas as pd
import pytest

from indicators.matching import Match, match_places
from tests.test_boundaries import layer, read, write_gpkg


def features(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code", "name"])


def catalogue_places(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["place_id", "name", "official_code"])


@pytest.mark.parametrize(
    ("feature_rows", "place_rows", "matched", "unmatched_places", "unmatched_features"),
    [
        pytest.param(
            [("0801", "Danlí")],
            [("hnd-danli", "Danlí", "0801")],
            [("hnd-danli", "0801", "code")],
            [],
            [],
            id="code",
        ),
        pytest.param(
            [(" 0801 ", "x")],
            [("hnd-danli", "Danlí", "0801 ")],
            [("hnd-danli", "0801", "code")],
            [],
            [],
            id="trimmed",
        ),
        pytest.param(
            [("8", "x")],
            [("hnd-danli", "Danlí", "08")],
            [("hnd-danli", "8", "code")],
            [],
            [],
            id="leading-zero",
        ),
        pytest.param(
            [("801", "x")],
            [("hnd-danli", "Danlí", "0801")],
            [("hnd-danli", "801", "code")],
            [],
            [],
            id="zeros-801",
        ),
        pytest.param(
            [("8", "x"), ("008", "y")],
            [("hnd-danli", "Danlí", "08")],
            [],
            ["hnd-danli"],
            ["8", "008"],
            id="zeros-ambiguous",
        ),
        pytest.param(
            [("A8", "x")],
            [("hnd-danli", "Danlí", "A08")],
            [],
            ["hnd-danli"],
            ["A8"],
            id="zeros-only-for-digits",
        ),
        pytest.param(
            [("0801", "DANLI")],
            [("hnd-danli", "Danlí", "")],
            [("hnd-danli", "0801", "name")],
            [],
            [],
            id="name",
        ),
        pytest.param(
            [("09", "CIUDAD DE MÉXICO")],
            [("mex-cdmx", "Ciudad de México", "9999")],
            [("mex-cdmx", "09", "name")],
            [],
            [],
            id="wrong-code-right-name",
        ),
        pytest.param(
            [("1", "San Juan"), ("2", "San  Juan")],
            [("hnd-san-juan", "San Juan", "")],
            [],
            ["hnd-san-juan"],
            ["1", "2"],
            id="ambiguous-name",
        ),
        pytest.param(
            [("1", "Santa Rosa")],
            [("a", "Santa Rosa", ""), ("b", "SANTA ROSA", "")],
            [],
            ["a", "b"],
            ["1"],
            id="two-places-one-name",
        ),
        pytest.param(
            [("0801", "Danlí")],
            [("hnd-danli", "Danlí", "0801"), ("hnd-danli-2", "Danli", "")],
            [("hnd-danli", "0801", "code")],
            ["hnd-danli-2"],
            [],
            id="feature-serves-one-place",
        ),
        pytest.param(
            [("0801", "Danlí")],
            [("a", "Danlí", "0801"), ("b", "Otro", "0801")],
            [("a", "0801", "name")],
            ["b"],
            [],
            id="code-claimed-twice-then-unique-name",
        ),
        pytest.param(
            [("0801", "Danlí"), ("0815", "Trojes")],
            [("hnd-danli", "Danlí", "0801"), ("hnd-upala", "Upala", "")],
            [("hnd-danli", "0801", "code")],
            ["hnd-upala"],
            ["0815"],
            id="unmatched-both-ways",
        ),
    ],
)
def test_match_places(feature_rows, place_rows, matched, unmatched_places, unmatched_features):
    result = match_places(features(*feature_rows), catalogue_places(*place_rows))
    assert list(result.matched.itertuples(index=False, name=None)) == matched
    assert result.unmatched_places["place_id"].tolist() == unmatched_places
    assert result.unmatched_features["code"].tolist() == unmatched_features


def test_match_unpacks_into_three_frames_with_their_columns():
    matched, unmatched_places, unmatched_features = match_places(
        features(("0801", "Danlí"), ("0815", "Trojes")),
        catalogue_places(("hnd-danli", "Danlí", "0801"), ("hnd-upala", "Upala", None)),
    )
    assert list(matched.columns) == ["place_id", "code", "how"]
    assert unmatched_places.to_dict("records") == [{"place_id": "hnd-upala", "name": "Upala"}]
    assert unmatched_features.to_dict("records") == [{"code": "0815", "name": "Trojes"}]
    assert isinstance(match_places(features(), catalogue_places()), Match)


def test_match_reads_a_boundary_file(tmp_path):
    rows = read(write_gpkg(tmp_path, layer())).rows
    places = catalogue_places(("hnd-danli", "Danlí", "801"), ("hnd-el-paraiso", "El Paraiso", ""))
    result = match_places(rows, places)
    assert list(result.matched.itertuples(index=False, name=None)) == [
        ("hnd-danli", "0801", "code"),
        ("hnd-el-paraiso", "0802", "name"),
    ]
    assert result.unmatched_features["code"].tolist() == ["0815"]
