"""ui/gate.py: the organisers' password gate and the refusals of a typed code."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
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


def locked_page():
    import datetime as dt

    from ui import gate

    until = dt.datetime.now() + dt.timedelta(seconds=30)  # as the database holds it: the server's clock
    gate.code_refusal("locked", until, "sa.code_invalid")
    gate.code_refusal("invalid", None, "sa.code_invalid")
    gate.code_refusal(None, None, "sa.code_invalid")


@pytest.mark.parametrize(
    "setting, browser, zone",
    [
        ("", None, "America/El_Salvador"),  # data/seminar.toml's zone, whatever the server's clock says
        ("", "Asia/Tokyo", "America/El_Salvador"),
        ("browser", "Asia/Tokyo", "Asia/Tokyo"),  # each visitor's own
        ("browser", None, "America/El_Salvador"),  # a browser that does not say
        ("Europe/Madrid", "Asia/Tokyo", "Europe/Madrid"),
        ("Nowhere/Atlantis", None, "America/El_Salvador"),
    ],
)
def test_a_locked_code_says_until_when_in_the_shown_zone(monkeypatch, setting, browser, zone):
    monkeypatch.setenv("IGM_TIMEZONE", setting)
    at = AppTest.from_function(locked_page)
    at.context = {"timezone": browser}
    at.run()
    assert len(at.error) == 2
    message = at.error[0].value
    found = re.search(r"espere (29|30) s \(hasta las (\d{1,2}):(\d\d):(\d\d)\)", message)
    assert found, message
    shown = dt.datetime.now(ZoneInfo(zone))
    minutes = int(found[2]) * 60 + int(found[3])
    # Within a minute of that zone's clock: 30 s ahead, and a slow machine.
    assert (minutes - (shown.hour * 60 + shown.minute)) % (24 * 60) in (0, 1), (message, zone, shown)
    assert at.error[1].value.startswith("Ese código no es válido para este gobierno local.")
