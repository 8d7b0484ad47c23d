"""A phone without a browser: a client of Streamlit's own websocket protocol, for bench_load.py.

Two hundred Chromium pages do not fit on a 2-core machine beside the servers they measure; two
hundred of these do. A `Phone` connects to the app's websocket (/_stcore/stream), asks for a page run
as the browser does (the page's address and query, e.g. a resume code), keeps the buttons the server
draws, and taps one as the browser sends a tap: the button's trigger, in its fragment when it is in
one, every other widget left as the server holds it. Messages are Streamlit's own protobufs
(streamlit.proto: BackMsg up, ForwardMsg down). What a browser adds on the phone (drawing the page)
is not done: what is timed is the server's answer, as it arrives over the network.
"""

import time
from collections.abc import Callable

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ENDED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}


def alert_starting(text: str) -> Callable[[ForwardMsg], bool]:
    """A test for `Phone.run`'s `until`: a message that draws an alert (st.success…) starting with text."""

    def found(message: ForwardMsg) -> bool:
        element = message.delta.new_element
        return element.WhichOneof("type") == "alert" and element.alert.body.startswith(text)

    return found


class Phone:
    """One browser session of the app, on one page (its `url_path`) with one query string."""

    def __init__(self, base_url: str, page: str, query: str = ""):
        self.url = base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self.page, self.query = page, query
        self.page_hash = ""
        self.buttons: dict[str, tuple[str, str]] = {}  # widget key -> (widget id, fragment id)
        self.alerts: list[str] = []
        self.errors: list[str] = []  # exceptions the server drew
        self.socket = None

    async def open(self) -> None:
        """Connect and run the page once, as a browser opening its address does."""
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None)
        await self.run()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def tap(self, key: str, until: Callable[[ForwardMsg], bool] | None = None) -> float | None:
        """Press the button drawn with `key`; seconds from sending the tap to the first message that
        `until` accepts (None without `until`, or if no such message came before the run ended)."""
        widget_id, fragment_id = self.buttons[key]
        return await self.run(trigger=widget_id, fragment_id=fragment_id, until=until)

    async def run(
        self, trigger: str = "", fragment_id: str = "", until: Callable[[ForwardMsg], bool] | None = None
    ) -> float | None:
        """Ask for a run (of a fragment, with a button's trigger) and read until it has finished (a
        callback's st.rerun() ends a run early: the run that follows is read too)."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.page_script_hash = self.page_hash
        state.context_info.timezone = "America/El_Salvador"
        state.context_info.locale = "es-SV"
        if fragment_id:
            state.fragment_id = fragment_id
        if trigger:
            widget = state.widget_states.widgets.add()
            widget.id, widget.trigger_value = trigger, True
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        seen = None
        while True:
            received = ForwardMsg()
            received.ParseFromString(await self.socket.recv())
            kind = received.WhichOneof("type")
            if kind == "navigation":  # st.navigation says which page this run drew
                self.page_hash = received.navigation.page_script_hash
            elif kind == "delta":
                self._keep(received)
                if until is not None and seen is None and until(received):
                    seen = time.perf_counter() - start
            elif kind == "script_finished" and received.script_finished in ENDED:
                return seen

    def _keep(self, message: ForwardMsg) -> None:
        """What the page drew that the benchmark uses: its buttons, alerts and exceptions."""
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button":
            widget_id = element.button.id  # "$$ID-<hash>-<key>"
            self.buttons[widget_id.split("-", 2)[-1]] = (widget_id, message.delta.fragment_id)
        elif kind == "alert":
            self.alerts.append(element.alert.body)
        elif kind == "exception":
            self.errors.append(f"{element.exception.type}: {element.exception.message}")
