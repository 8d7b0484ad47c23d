"""ui/lang.py: choices kept across a language switch, and a choice kept in the page address."""

from streamlit.testing.v1 import AppTest


def choice_page():
    import streamlit as st

    from ui.lang import carry_choices_across_languages, tkey, translator, tvalue

    st.radio("lang", ["es", "en"], key="lang", on_change=carry_choices_across_languages)
    t = translator()
    label = lambda p: t(f"map.preset_{p}", date="—")  # noqa: E731
    st.radio("preset", ["today", "seminar"], key=tkey("preset"), format_func=label)
    st.write(f"chosen: {tvalue('preset')}")


def test_a_choice_survives_a_language_switch():
    at = AppTest.from_function(choice_page).run()
    at.radio(key="preset@es").set_value("seminar").run()
    at.radio(key="lang").set_value("en").run()
    assert at.radio(key="preset@en").value == "seminar"
    assert "preset@es" not in at.session_state
    assert at.markdown[0].value == "chosen: seminar" and not at.exception


def test_a_value_set_from_a_draft_shows_in_either_language():
    def page():
        import streamlit as st

        from ui.lang import tkey, tset

        if "seeded" not in st.session_state:
            tset("capacity", 3)
            st.session_state["seeded"] = True
        st.radio("capacity", [1, 2, 3], key=tkey("capacity"))

    at = AppTest.from_function(page)
    at.session_state["lang"] = "en"
    at.run()
    assert at.radio(key="capacity@en").value == 3


def test_the_address_holds_a_choice_only_when_it_is_not_the_default():
    def page():
        import streamlit as st

        from ui.lang import keep_in_address

        keep_in_address("mesa", st.session_state.get("table", "rt1"), "rt1")

    at = AppTest.from_function(page).run()
    assert "mesa" not in at.query_params
    at.session_state["table"] = "rt3"
    at.run()
    assert at.query_params["mesa"] == "rt3"
    at.session_state["table"] = "rt1"
    at.run()
    assert "mesa" not in at.query_params
