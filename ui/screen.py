"""The kind of screen a page is drawn for: a phone or not, from the request's user agent.

The server never sees the window's width, and what the browser cannot rearrange by itself (a
plotly figure's labels and margins, a pydeck map's zoom) has to be chosen before it is sent. Every
phone browser says "Mobi" in its user agent, tablets and desktops do not (MDN, "Browser detection
using the user agent"). Pages still fit any width; this only picks sizes that suit a phone.
"""

import streamlit as st


def on_phone() -> bool:
    headers = st.context.headers
    return "Mobi" in ((headers.get("User-Agent") if headers else None) or "")
