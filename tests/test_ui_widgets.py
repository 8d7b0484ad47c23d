"""ui/widgets.py: the one problem list, the file import of the organisers' tabs, the place picker."""

import time

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import shown


def test_a_long_problem_list_shows_the_first_ones_as_text_and_counts_the_rest():
    def page():
        from ui import widgets

        lines = [f"Fila {n}, columna «name»: <b>**{n}**</b>" for n in range(1, 61)]
        widgets.problem_list("Archivo rechazado", lines)

    at = AppTest.from_function(page).run()
    assert at.error[0].value == "Archivo rechazado"
    listed = at.markdown[0].value.splitlines()
    assert len(listed) == 50 and shown(listed[0]) == "- Fila 1, columna «name»: <b>**1**</b>"
    assert "<b>" not in listed[0].replace("\\<b\\>", "")  # escaped: never bold, never HTML
    assert at.caption[0].value == "… y 10 problemas más del mismo archivo."


def test_a_refused_import_lists_its_problems_and_returns_nothing():
    def page():
        import streamlit as st

        from indicators.validation import DataFileError, Problem
        from ui import widgets

        def run(content, name):
            if b"bad" in content:
                raise DataFileError(name, [Problem(2, "place_id", "xx", "unknown_place")])
            return len(content)

        result = widgets.file_import(
            "Archivo",
            ["csv"],
            "file",
            ("Importar", "go"),
            run,
            lambda error, name: f"{name} rechazado",
            max_mb=5,
        )
        st.write(f"result: {result}")

    at = AppTest.from_function(page).run()
    assert at.markdown[0].value == "result: None"  # no file, no button
    chooser = at.get("file_uploader")[0].proto
    assert (chooser.max_upload_size_mb, chooser.help) == (5, "Hasta 5 MB")  # refused in the browser, said
    at.get("file_uploader")[0].set_value(("r.csv", b"bad,file", "text/csv")).run()
    at.button(key="go").click().run()
    assert shown(at.error[0].value) == "r.csv rechazado"
    assert "Fila 2, columna «place_id»" in shown(at.markdown[0].value)
    assert at.markdown[-1].value == "result: None"
    at.get("file_uploader")[0].set_value(("r.csv", b"good", "text/csv")).run()
    at.button(key="go").click().run()
    assert at.markdown[-1].value == "result: 4" and not at.error


def test_the_place_picker_offers_labels_and_has_no_typing():
    def page():
        from ui import widgets

        widgets.place_picker("Lugar", {"hnd-omoa": "Omoa (HND)", "hnd-danli": "Danlí (HND)"}, "pick", "Elija")

    at = AppTest.from_function(page).run()
    picker = at.selectbox(key="pick")
    assert picker.value is None and picker.options == ["Omoa (HND)", "Danlí (HND)"]
    assert picker.set_value("hnd-danli").run().selectbox(key="pick").value == "hnd-danli"


def test_a_table_shows_stored_times_in_the_seminars_zone(monkeypatch):
    """The database holds the server's clock (no zone); an organiser reads San Salvador's."""
    monkeypatch.setenv("TZ", "UTC")  # a host on UTC, as most are
    time.tzset()

    def page():
        import datetime as dt

        import pandas as pd
        import streamlit as st

        from ui import widgets

        stored = pd.DataFrame({"imported_at": [dt.datetime(2022, 9, 12, 16, 5), pd.NaT], "rows": [3, 4]})
        st.dataframe(widgets.headed(stored, {"imported_at": "columns.imported_at", "rows": "columns.rows"}))

    try:
        table = AppTest.from_function(page).run().dataframe[0].value
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert list(table.columns) == ["Importado", "Filas"]
    assert str(table.iloc[0, 0]) == "2022-09-12 10:05:00" and pd.isna(table.iloc[1, 0])  # UTC−6
