"""ui/gate.py: the organisers' password gate and the refusals of a typed code."""

import re

from streamlit.testing.v1 import AppTest


def gate_page():
    import streamlit as st

    from ui import gate

    if gate.organiser_gate():
        st.write("open")
    st.write(f"may see: {gate.may_see_assessments_of('hnd-omoa')}")


def test_without_a_password_the_gate_says_so_and_stays_shut(tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    at = AppTest.from_function(gate_page).run()
    assert "contraseña" in at.warning[0].value.lower() and not at.text_input
    assert at.markdown[-1].value == "may see: False"


def test_the_right_password_opens_the_gate_and_a_wrong_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    at = AppTest.from_function(gate_page)
    at.secrets["organiser_password"] = "clave"
    at.run()
    at.text_input[0].input("otra")
    at.button[0].click().run()
    assert at.error and "open" not in [m.value for m in at.markdown]
    at.text_input[0].input("clave")
    at.button[0].click().run()
    assert [m.value for m in at.markdown] == ["open", "may see: True"]


def test_a_locked_code_says_until_when():
    def page():
        import datetime as dt

        from ui import gate

        gate.code_refusal("locked", dt.datetime.now() + dt.timedelta(seconds=30), "sa.code_invalid")
        gate.code_refusal("invalid", None, "sa.code_invalid")
        gate.code_refusal(None, None, "sa.code_invalid")

    at = AppTest.from_function(page).run()
    assert len(at.error) == 2
    assert re.search(r"espere (29|30) s \(hasta las \d\d:\d\d:\d\d\)", at.error[0].value), at.error[0].value
    assert at.error[1].value.startswith("Ese código no es válido para este gobierno local.")
