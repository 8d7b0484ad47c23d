"""indicators/store/results.py: imports of local IGM results (findings and indicator answers) place by
place, what each place shows now, and the earlier imports kept as history."""

import duckdb
import pandas as pd
import pytest

from tests.conftest import BACKENDS, store_on_backend
from tests.test_profiles import real_results

# The same tests on the embedded DuckDB file and on a PostgreSQL server.
store = pytest.fixture(params=BACKENDS, name="store")(store_on_backend)


def test_findings_come_back_in_the_order_of_the_file_for_the_places_asked(store):
    oaxaca, oaxaca_answers = real_results("mex-oaxaca")
    reversed_rows = oaxaca.iloc[::-1].reset_index(drop=True)
    danli, danli_answers = real_results("hnd-danli", text="Mesa técnica municipal de movilidad humana.")
    store.import_results(
        pd.concat([reversed_rows, danli]), pd.concat([oaxaca_answers, danli_answers]), "dos.xlsx"
    )
    shown = store.current_findings(["mex-oaxaca"])
    assert shown["finding"].tolist() == reversed_rows["finding"].tolist()
    assert set(shown["place_id"]) == {"mex-oaxaca"} and not shown["is_example"].any()
    both = store.current_answers(["hnd-danli", "mex-oaxaca"])
    assert both[["place_id", "indicator_code"]].values.tolist() == [
        ["hnd-danli", "2.1.1"],
        ["hnd-danli", "3.1.1"],
        ["mex-oaxaca", "2.1.1"],
        ["mex-oaxaca", "3.1.1"],
    ]
    assert store.current_findings([]).empty


def test_places_with_results_say_how_many_rows_and_whether_they_are_examples(store):
    findings, answers = real_results("mex-oaxaca")
    store.import_results(findings, answers, "oaxaca.csv")
    example, example_answers = real_results("hnd-omoa")
    store.import_results(example, example_answers.iloc[0:1], "demo-data", is_example=True)
    shown = store.places_with_results()
    assert shown.values.tolist() == [["hnd-omoa", True, 3], ["mex-oaxaca", False, 4]]


def test_every_import_is_listed_newest_first_with_its_file_and_rows(store):
    findings, answers = real_results("mex-oaxaca")
    store.import_results(findings, answers, "oaxaca.csv")
    newer, _ = real_results("mex-oaxaca", text="Hay un plan municipal.")
    store.import_results(newer, answers.iloc[0:0], "oaxaca-2.csv")
    imports = store.results_imports()
    assert imports[["file_name", "kind", "rows", "is_current"]].values.tolist() == [
        ["oaxaca-2.csv", "findings", 2, True],
        ["oaxaca.csv", "answers", 2, True],
        ["oaxaca.csv", "findings", 2, False],
    ]
    assert store.results_imports("hnd-danli").empty


def test_a_file_that_fails_half_way_imports_no_place(store):
    danli, danli_answers = real_results("hnd-danli")
    broken, _ = real_results("mex-oaxaca")
    broken.loc[0, "finding"] = None  # a finding is required: the database refuses the row
    with pytest.raises(duckdb.Error):
        store.import_results(pd.concat([danli, broken]), danli_answers, "dos.xlsx")
    assert store.results_imports().empty and store.current_findings(["hnd-danli"]).empty


def test_an_import_changes_only_the_results_revision(store):
    before = store.revisions()
    store.import_results(*real_results("mex-oaxaca"), "oaxaca.csv")
    after = store.revisions()
    assert after["results"] == before["results"] + 1
    assert [after[k] - before[k] for k in ("catalogue", "answers", "activity")] == [0, 0, 0]
