"""ui/form_keys.py: the self-assessment's widget keys, whose names the browser tests rely on."""

from streamlit.testing.v1 import AppTest

from ui import form_keys as keys


def test_the_keys_keep_the_names_the_browser_tests_find():
    # tests/e2e find `.st-key-<key>`: sa_refused, mesa, sa_area_<area>, top_<table>_<rank>.
    assert (keys.REFUSED_BOX, keys.TABLE, keys.IDENTITY_BOX) == ("sa_refused", "mesa", "sa_identity")
    assert keys.area_box("rt3_health") == "sa_area_rt3_health"
    assert keys.top3_box("rt1") == "sa_top3_rt1"
    assert keys.top("rt1", 1) == "top_rt1_1"
    fields = {field: keys.answer("rt2_x", field) for field in keys.ANSWER_PREFIXES}
    assert fields == {
        "capacity": "cap_rt2_x",
        "priority": "pri_rt2_x",
        "action": "act_rt2_x",
        "office": "off_rt2_x",
        "timeframe": "tf_rt2_x",
    }


def test_leaving_drops_every_key_of_the_form_and_nothing_else():
    made = [keys.TABLE, keys.IDENTITY, keys.NAME, keys.top("rt4", 3), keys.area_box("rt1_a"), "sa"]
    made += [keys.answer("rt1_a", field) for field in keys.ANSWER_PREFIXES]
    made += [f"{keys.answer('rt1_a', 'capacity')}@en", f"{keys.COUNTRY}@es", keys.go_to_missing(4)]
    made += [keys.OPENED, keys.PROBLEMS, keys.GATE, keys.SCROLL, keys.SCROLLS, keys.PLACE, keys.ACCESS_CODE]
    made += [keys.START, keys.RESUME_CODE, keys.RESUME, keys.NEXT, keys.SUBMIT, keys.LEAVE, keys.PDF]
    assert all(keys.is_form_key(key) for key in made)
    assert not any(keys.is_form_key(key) for key in ("lang", "place_pick", "profile_pick", "cs", "client_id"))


def test_translated_choices_get_a_key_per_language_and_texts_do_not():
    def page():
        import streamlit as st

        from ui import form_keys as keys

        st.write(keys.widget(keys.answer("rt1_a", "capacity")), keys.widget(keys.answer("rt1_a", "office")))
        if "seeded" not in st.session_state:
            keys.write(keys.top("rt1", 1), "rt1_a")
            keys.write(keys.answer("rt1_a", "action"), "Plan")
            st.session_state["seeded"] = True
        st.write(keys.read(keys.top("rt1", 1)), keys.read(keys.answer("rt1_a", "action")))

    at = AppTest.from_function(page)
    at.session_state["lang"] = "en"
    at.run()
    assert [m.value for m in at.markdown][:2] == ["cap_rt1_a@en off_rt1_a", "rt1_a Plan"]
