"""What a refused submit lacks: each problem's field, its table, its label, and scrolling to it.

The list beside the submit button names every missing answer; the marks beside the fields show only
on the tables the respondent was on when the submit was refused or was sent to from that list, so a
table opened afterwards with "Next table" is not all in red before anyone touched it.
"""

import json

import streamlit as st

from indicators.questionnaire import TOP_CHOICES
from ui import data, widgets
from ui import form_keys as keys
from ui.lang import language, translator


def field_errors(column: str) -> None:
    theme = theme_of(column)
    if theme is None or theme in st.session_state.get(keys.MARKED, set()):
        widgets.field_problems(st.session_state.get(keys.PROBLEMS, []), column)


def mark(theme: str | None) -> None:
    """Show the missing answers of this table beside their fields."""
    if theme:
        st.session_state[keys.MARKED] = st.session_state.get(keys.MARKED, set()) | {theme}


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


IDENTITY_FIELDS = {"anonymous": "sa.identity", "respondent_name": "sa.name", "respondent_role": "sa.role"}


def field_label(column: str) -> str:
    """ "Mesa 2 · Identidad y documentos: Capacidad actual", "Nombre": a field of the form, in words."""
    q = data.questionnaire()
    t = translator()
    lang = language()
    field, _, part = column.partition(":")
    theme = theme_of(column)
    if field in q.area_by_key:
        what = f"{q.area_by_key[field].name[lang]}: {t(f'sa.{part}')}"
    elif part == "top3":
        what = t("sa.top3", count=TOP_CHOICES)
    else:
        return t(IDENTITY_FIELDS.get(column, "sa.identity"))
    return f"{t('sa.theme_short', n=q.theme_number(theme))} · {what}"


def problem_label(problem) -> str:
    """ "Mesa 2 · Identidad y documentos: Capacidad actual" — where the missing answer is."""
    if theme_of(problem.column or ""):
        return field_label(problem.column)
    # Problem texts are written to follow "Row 3:"; alone in the list they start a sentence.
    what = translator()(f"problems.{problem.reason}", **problem.params)
    return what[:1].upper() + what[1:]


def request_scroll(anchor: str, focus: str | None = None) -> None:
    """Ask the next drawing to bring the container `anchor` into view and to give the keyboard's focus
    to the first element matching the CSS selector `focus` (its heading, its first control)."""
    st.session_state[keys.SCROLL] = (anchor, focus)


def scroll_to_requested() -> None:
    """Scroll the page to the container a button asked for (Streamlit has no scroll command), and move
    the keyboard's focus where it was asked to go: after "Next table" the focus would stay on the
    button (now naming the table after), and a second Enter would skip a whole table.

    The script runs in the page itself, once the page above it is drawn; the counter makes each request
    a new element, so the browser runs it again even when the same field is asked for twice.
    """
    anchor, focus = st.session_state.pop(keys.SCROLL, None) or (None, None)
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
              const target = {json.dumps(focus)} && document.querySelector({json.dumps(focus)});
              if (target) {{
                // A heading takes the focus without joining the tab order.
                if (!target.matches("input, button, select, textarea, a[href]")) target.tabIndex = -1;
                target.focus({{preventScroll: true}});
              }}
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
