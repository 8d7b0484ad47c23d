"""What app.py draws around every page: the page-wide CSS, Streamlit's own texts in the page's
language, and a plain message when a registry, the bundled data or the database cannot be used."""

import json

import duckdb
import streamlit as st

from indicators.postgres import DatabaseUnavailable
from indicators.validation import DataFileError
from ui import actions, data
from ui.lang import translator
from ui.widgets import show_rejection


def check_store() -> None:
    """Say plainly when a registry, the store or the bundled data was rejected, or the database
    cannot be reached; never a trace.

    Without its registries no page can work, so a rejected registry stops the page here.
    """
    t = translator()
    config = data.settings()
    try:
        data.registries()
    except DataFileError as error:
        show_rejection(t("app.registry_rejected", source=error.source, folder=config.data_dir), error)
        st.stop()
    try:
        problem = data.bundle_problem()
    except DatabaseUnavailable as error:
        database_unavailable(error)
        st.stop()
    except duckdb.IOException:
        st.error(t("app.store_locked", path=config.db_path))
        st.stop()
    if problem is not None:
        show_rejection(t("app.bundle_rejected", source=problem.source), problem)


def database_unavailable(error: DatabaseUnavailable) -> None:
    """The reason a database cannot be used, in the user's language (no password, no trace)."""
    st.error(translator()(f"db.{error.reason}", **error.params()), icon=":material/cloud_off:")


def show_pending_database_error() -> None:
    """A button's write that found the database away (ui/actions.guarded) says so on the next run."""
    if error := st.session_state.pop(actions.DB_ERROR, None):
        database_unavailable(error)


# --- Streamlit's own texts and touch targets --------------------------------------------------------
# Streamlit cannot translate the texts it draws itself. The few that remain after choosing widgets
# without them (no "Select all", no calendar, no typing filter) are hidden or replaced here by CSS
# with the catalogue's words, so a Spanish page has no English in it and the other way round.
PAGE_CSS = """
/* "Press Enter to apply" and the character counter under text boxes: English only. Text boxes
   commit on Enter and when left anyway; the limits are enforced with a message in the language. */
[data-testid="InputInstructions"] { display: none; }
/* The toolbar over tables and charts ("Download as CSV", "Search", "Fullscreen") and plotly's own
   buttons ("Download plot as a png", "Zoom", "Pan", "Reset axes") are English only. */
[data-testid="stElementToolbar"], .js-plotly-plot .modebar-container { display: none; }
/* File uploader: its instructions and button are English only; the catalogue's words instead. */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::after { content: "{drop}"; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] { font-size: 0; }
/* Its "Upload" text (a paragraph of its own): the script in ARIA_SCRIPT names the button instead. */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] { display: none; }
[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {
  content: "{browse}"; font-size: 1rem;
}
/* Touch targets of at least 24 x 24 px (WCAG 2.2, 2.5.8) with room between them: radio options
   (Streamlit draws them 22.4 px tall, touching), small buttons. */
[data-testid="stRadioOption"] { min-height: 28px; align-items: center; }
[data-testid="stRadioGroup"] { row-gap: 6px; }
[data-testid="stBaseButton-tertiary"] { min-height: 24px; }

/* --- Accessibility (checked by axe-core in tests/e2e/test_accessibility.py) --------------------- */
/* Captions: Streamlit draws them at 60 % opacity, 3.9:1 on white; opaque #545454 is 7.5:1 (WCAG AA
   asks 4.5:1). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"] small {
  color: #545454 !important; opacity: 1 !important;
}
/* The label of a control not usable yet (the local government before a country is chosen): Streamlit
   greys it to 2.3:1, unreadable on a phone in the sun; #6b6b6b (5.3:1) still reads as "not yet". */
label[data-testid="stWidgetLabel"][disabled] p { color: #6b6b6b !important; }
/* A focus ring anyone can see, on whatever the keyboard reaches. */
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
/* A radio's own input is a 1 px box clipped out of sight, and its ring with it: the option takes it. */
[data-testid="stRadioOption"]:has(input:focus-visible) {
  outline: 3px solid #0072B2; outline-offset: 2px; border-radius: 4px;
}
/* Long option names (areas, places) wrap in an open list instead of being cut. */
[data-testid="stSelectboxVirtualDropdown"] [role="option"] { height: auto !important; min-height: 2.5rem; }
[data-testid="stSelectboxVirtualDropdown"] [role="option"] > div {
  height: auto !important; white-space: normal; overflow: visible; text-overflow: clip;
}
/* A page's title in two lines at most on a phone, so its first button shows without scrolling; at 2rem
   "Autoevaluación de áreas" filled the line exactly and took a third once a scrollbar narrowed it. */
@media (max-width: 640px) { [data-testid="stMain"] h1 { font-size: 1.75rem; } }
[data-baseweb="select"]:focus-within, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within { outline: 3px solid #0072B2; outline-offset: 1px; }
/* Section headings are h2 and h3 so that they follow the page's h1 in order; sized as Streamlit
   draws its subheaders so the pages keep their look. */
[data-testid="stMain"] h2 { font-size: 1.75rem; }
[data-testid="stMain"] h3 { font-size: 1.4rem; }
"""


# Streamlit's English accessible names (read out by screen readers) and the catalogue keys that
# replace them. Icons Streamlit names "<icon> icon" sit beside their own text: they are hidden.
ARIA_LABELS = {
    "Open": "streamlit.open",
    "Show password": "streamlit.show_password",
    "Hide password": "streamlit.hide_password",
    "Clear all": "streamlit.clear_all",
    "Clear value": "streamlit.clear_value",
    "Main menu": "streamlit.main_menu",
    "Sidebar": "streamlit.sidebar",
    "Collapse sidebar": "streamlit.collapse_sidebar",
    "Expand sidebar": "streamlit.expand_sidebar",
    "App pages": "streamlit.app_pages",
    "Link to heading": "streamlit.link_to_heading",
    "Decrement": "streamlit.decrement",
    "Increment": "streamlit.increment",
    "Running...": "streamlit.running",
    "progress": "streamlit.progress",
    "Help for ": "streamlit.help_for",  # a prefix: "Help for <label>"
    "file upload": "streamlit.file_upload",
    "Scroll tabs left": "streamlit.scroll_tabs_left",
    "Scroll tabs right": "streamlit.scroll_tabs_right",
    # Not an accessible name but the file chooser's button text, hidden by PAGE_CSS: the script names
    # the button with the word the CSS draws instead.
    "Upload": "app.upload_browse",
    # Not an accessible name either: the text of the link a keyboard reaches first (shown on focus).
    "Skip to main content": "streamlit.skip_to_content",
    "Dismiss": "streamlit.dismiss",  # the hidden button that closes an open list
}
ARIA_SCRIPT = """<script>
(function () {
  // The document's language, so screen readers speak Spanish as Spanish (Streamlit's page says "en").
  document.documentElement.lang = %s;
  window.__igmAriaNames = %s;  // only the names that change in this language
  if (window.__igmAriaWatch) { window.__igmAriaWatch(); return; }
  window.__igmAriaWatch = function () {
    for (const e of document.querySelectorAll("[aria-label]")) {
      const name = e.getAttribute("aria-label");
      let named = window.__igmAriaNames[name];
      const help = /^Help for (.*)$/.exec(name);  // the "?" beside a label with help text
      if (help && window.__igmAriaNames["Help for "]) named = window.__igmAriaNames["Help for "] + help[1];
      // Only a real change: setting the same name again would wake the observer for ever.
      if (named !== undefined && named !== name) e.setAttribute("aria-label", named);
      else if (e.tagName === "SPAN" && / icon$/.test(name)) {
        e.removeAttribute("aria-label");
        e.setAttribute("aria-hidden", "true");
      }
    }
    const skip = window.__igmAriaNames["Skip to main content"];
    for (const e of document.querySelectorAll('[data-testid="stSkipToContent"]')) {
      if (skip && e.textContent !== skip) e.textContent = skip;
    }
    const chooser = '[data-testid="stFileUploaderDropzone"] button:not([aria-label])';
    for (const e of document.querySelectorAll(chooser)) {
      e.setAttribute("aria-label", window.__igmAriaNames["Upload"]);
    }
  };
  new MutationObserver(window.__igmAriaWatch).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"]
  });
  window.__igmAriaWatch();
})();
</script>"""


def page_css() -> None:
    """Draw the page-wide CSS in the current language (an invisible element) and, in the sidebar, the
    script that gives the document and Streamlit's own accessible names the page's language."""
    t = translator()
    css = PAGE_CSS.replace("{drop}", t("app.upload_drop")).replace("{browse}", t("app.upload_browse"))
    st.html(f"<style>{css}</style>")
    names = {english: t(key) for english, key in ARIA_LABELS.items() if t(key) != english}
    # In the sidebar: a script element takes a line of space, and the sidebar has room for it.
    script = ARIA_SCRIPT % (json.dumps(t.language), json.dumps(names, ensure_ascii=False))
    st.sidebar.html(script, unsafe_allow_javascript=True)
