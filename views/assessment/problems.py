"""What a refused submit lacks: each problem's field, its table, its label, and scrolling to it."""

import streamlit as st

from indicators.questionnaire import TOP_CHOICES
from ui import data, widgets
from ui import form_keys as keys
from ui.lang import language, translator


def field_errors(column: str) -> None:
    widgets.field_problems(st.session_state.get(keys.PROBLEMS, []), column)


def anchor_of(column: str) -> str:
    """The container a problem's field sits in: its area, its table's top 3, or the identity box."""
    q = data.questionnaire()
    field, _, part = column.partition(":")
    if field in q.area_by_key:
        return keys.area_box(field)
    if part == "top3":
        return keys.top3_box(field)
    return keys.IDENTITY_BOX


def theme_of(column: str) -> str | None:
    q = data.questionnaire()
    field = column.split(":")[0]
    return field if field in q.themes else getattr(q.area_by_key.get(field), "theme", None)


def problem_label(problem) -> str:
    """ "Mesa 2 · Identidad y documentos: Capacidad actual" — where the missing answer is."""
    q = data.questionnaire()
    t = translator()
    lang = language()
    field, _, part = (problem.column or "").partition(":")
    theme = theme_of(problem.column or "")
    where = t("sa.theme_short", n=q.theme_number(theme)) if theme else t("sa.identity")
    if field in q.area_by_key:
        what = f"{q.area_by_key[field].name[lang]}: {t(f'sa.{part}')}"
    elif part == "top3":
        what = t("sa.top3", count=TOP_CHOICES)
    else:
        # Problem texts are written to follow "Row 3:"; alone in the list they start a sentence.
        what = t(f"problems.{problem.reason}", **problem.params)
        what = what[:1].upper() + what[1:]
    return f"{where} · {what}" if theme else what


def scroll_to_requested() -> None:
    """Scroll the page to the container a button asked for (Streamlit has no scroll command).

    The script runs in the page itself; the counter makes each request a new element, so the
    browser runs it again even when the same field is asked for twice.
    """
    anchor = st.session_state.pop(keys.SCROLL, None)
    if not anchor:
        return
    st.session_state[keys.SCROLLS] = st.session_state.get(keys.SCROLLS, 0) + 1
    st.html(
        f"""<script data-n="{st.session_state[keys.SCROLLS]}">
        (function () {{
          let tries = 0;
          const go = () => {{
            const box = document.querySelector(".st-key-{anchor}");
            if (box) {{
              // Below Streamlit's fixed top bar, not under it.
              box.style.scrollMarginTop = "4.5rem";
              box.scrollIntoView({{block: "start"}});
              return;
            }}
            if (++tries < 40) setTimeout(go, 50);
          }};
          setTimeout(go, 50);
        }})();
        </script>""",
        unsafe_allow_javascript=True,
        width=1,
    )
