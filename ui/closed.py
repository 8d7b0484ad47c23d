"""What a page closed to new answers shows (indicators/closing.py): one call at the top of the page.

The message stays at the top for as long as the page is closed; a submit or save refused meanwhile
(ui/actions.ensure_open) also says so where the person is looking, in a toast, since the button they
pressed may be far down a phone's screen.
"""

import streamlit as st

from indicators.postgres import DatabaseUnavailable
from ui import actions, room
from ui.lang import translator


def notice(what: str) -> bool:
    """Draw the closed message of `what` ("assessment", "consultation", "questions") if it is closed,
    and the refusal of a write it caused; returns whether it is closed."""
    t = translator()
    try:
        closed = room.answering_closed(what)
    except DatabaseUnavailable:
        # The form keeps drawing (and keeping what is typed) while the database is away; whether it
        # is closed is said again once it is back, and a write is refused then if it is.
        closed = False
    if closed:
        st.warning(t(f"closed.{what}"), icon=":material/lock:")
    if st.session_state.get(actions.CLOSED_REFUSAL) == what:
        del st.session_state[actions.CLOSED_REFUSAL]
        refused(what)
    return closed


def refused(what: str) -> None:
    """A write refused because `what` closed: said at once, nothing typed is lost."""
    st.toast(translator()(f"closed.refused_{what}"), icon=":material/lock:", duration="long")
