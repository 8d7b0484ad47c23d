"""ui/gate.py: the organisers' password gate and the refusals of a typed code."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import add_account, log_in


def gate_page():
    import streamlit as st

    from ui import gate

    if gate.organiser_gate():
        st.write("open")
    st.write(f"may see: {gate.may_see_assessments_of('hnd-omoa')}")


def test_without_an_account_the_gate_says_the_command_and_stays_shut(tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    at = AppTest.from_function(gate_page)
    at.secrets["organiser_password"] = "the shared one of before"
    at.run()
    assert at.code[0].value.startswith("python -m indicators accounts add --user USER --role admin")
    assert "organiser_password" in at.caption[0].value, "the old secret is said to be unused"
    assert not at.text_input and at.markdown[-1].value == "may see: False"


def test_the_right_password_opens_the_gate_and_a_wrong_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("IGM_DB_PATH", str(tmp_path / "app.duckdb"))
    add_account()
    at = AppTest.from_function(gate_page).run()
    assert [t.label for t in at.text_input] == ["Usuario", "Contraseña"]
    log_in(at, password="otra contraseña")
    assert at.error and "open" not in [m.value for m in at.markdown]
    log_in(at, user="nadie")
    assert at.error[0].value == "Usuario o contraseña incorrectos.", "an unknown user reads the same"
    log_in(at)
    assert [m.value for m in at.markdown][-2:] == ["open", "may see: True"]
    at.button(key="org_logout").click().run()
    assert "Salió de la página de organización." in at.success[0].value
    assert at.markdown[-1].value == "may see: False" and at.text_input


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
