"""Every page, in the states a user sees it, in both languages: no text of the other language and no
raw catalogue key in any title, text, label, option, placeholder, table header or chart text.

Data keeps its own language (a report's findings, a place's source, an imported layer's title): those
strings come from the database and are left out before the check. The browser-only texts (what
Streamlit draws itself) are checked in tests/e2e/test_language.py.
"""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from indicators.config import DATA_DIR, PROJECT_DIR
from indicators.consultation import load_consultation
from indicators.demo import generate_assessments, generate_results
from indicators.framework import load_framework
from indicators.i18n import LANGUAGES, load_catalogue, text_forms
from indicators.questionnaire import load_questionnaire
from indicators.seminar import load_seminar
from indicators.store import Store
from tests.conftest import add_account, complete, log_in, open_tab
from ui import routes
from ui.lang import literal

CATALOGUE = load_catalogue()
Q = load_questionnaire()
WORD = re.compile(r"[^\W\d_]{4,}")
URL = re.compile(r"https?://[^\s\"'<>)\]]+")
LINK = re.compile(r"""\[([^\]]*)\]\([^)]*\)|https?://[^\s"'<>]+""")
# Icons, HTML markup and `code` (a file's column names and values, which are the same in both languages)
# are not words to read.
CODE = re.compile(r":material/[a-z_]+:|<[^>]*>|`[^`\n]+`")
# Streamlit's own English, in case a widget that draws it comes back.
STREAMLIT_ENGLISH = (
    "Select all",
    "Choose an option",
    "Choose options",
    "No results",
    "Choose date",
    "Press Enter",
    "You can only select",
    "Drag and drop",
    "Browse files",
)
TEXT_FIELDS = {"label", "body", "placeholder", "options", "help", "text", "caption", "captions", "content"}


def vocabulary(lang: str) -> set[str]:
    """Every word the interface and the bilingual registries use in one language."""
    texts = [form for texts in CATALOGUE.values() for form in text_forms(texts[lang])]
    texts += [a.name[lang] for a in Q.areas] + [a.help[lang] for a in Q.areas]
    texts += [theme[lang] for theme in Q.themes.values()]
    return {w.lower() for text in texts for w in WORD.findall(str(text))}


# A word of one language's texts that the other language's texts never use.
FOREIGN = {lang: vocabulary(other) - vocabulary(lang) for lang, other in (("es", "en"), ("en", "es"))}
# Names that are the same in both languages but, by chance, written in only one catalogue.
FOREIGN["es"] -= {"streamlit", "duckdb", "kobotoolbox"}
FOREIGN["en"] -= {"streamlit", "duckdb", "kobotoolbox"}
RAW_KEY = re.compile(r"\b(" + "|".join(sorted({k.split(".")[0] for k in CATALOGUE})) + r")\.[a-z0-9_]+\b")


def proto_texts(message) -> list[str]:
    """The user-facing strings of an element's protobuf (labels, bodies, options, placeholders...)."""
    found = []
    for field, value in message.ListFields():
        repeated = (
            not isinstance(value, (str, bytes))
            and hasattr(value, "__len__")
            and not hasattr(value, "ListFields")
        )
        values = list(value) if repeated else [value]
        if field.type == field.TYPE_MESSAGE:
            for item in values:
                found += proto_texts(item)
        elif field.type == field.TYPE_STRING and field.name in TEXT_FIELDS:
            found += values
        elif field.name == "spec":  # a plotly figure: its titles, names, ticks and hover texts
            found += chart_texts(json.loads(value))
    return found


def chart_texts(spec) -> list[str]:
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("text", "name", "hovertemplate", "ticktext") or (
                key == "title" and isinstance(value, str)
            ):
                found += [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
            elif key in ("x", "y") and isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
            else:
                found += chart_texts(value)
    elif isinstance(spec, list):
        for item in spec:
            found += chart_texts(item)
    return found


def shown_texts(at) -> list[str]:
    """Every string an AppTest run puts on screen, table headers included."""
    found = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        # st.html carries only the page's CSS and scroll scripts here: code, not text.
        if proto is not None and hasattr(proto, "ListFields") and getattr(node, "type", None) != "html":
            found.extend(proto_texts(proto))
        if getattr(node, "type", None) == "arrow_data_frame":
            frame = node.value
            found.extend(str(c) for c in frame.columns)
            found.extend(str(n) for n in frame.index.names if n)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [text for text in found if text]


def data_strings(db) -> list[str]:
    """Strings that are data in their own language (never translated), longest first."""
    store = Store.open(db)
    try:
        places = store.places(igm_only=False)
        strings = list(places["name"]) + list(places["source_label"]) + list(places["admin1"])
        findings = store.current_findings(list(places["place_id"]))
        answers = store.current_answers(list(places["place_id"]))
        strings += list(findings["finding"]) + list(findings["source"])
        strings += list(answers["indicator_text"]) + list(answers["source"]) + list(answers["subarea"])
        sources = store.boundary_sources()
        strings += list(sources["title"]) + list(sources["licence"])
        strings.append(load_seminar()["source"])
    finally:
        store.close()
    values = {str(s) for s in strings if s and str(s) != "nan"}
    # Pages show stored text escaped for Markdown (ui.literal), so both spellings are data.
    values |= {literal(v) for v in values}
    return sorted(values, key=len, reverse=True)


# The language picker names each language in itself: "Español", "English".
LANGUAGE_NAMES = {"Idioma / Language", "Español", "English"}


def problems(texts: list[str], lang: str, data: list[str]) -> list[str]:
    found = []
    for text in texts:
        if text in LANGUAGE_NAMES:
            continue
        if (key := RAW_KEY.search(text)) and key.group(0) in CATALOGUE:
            found.append(f"raw key {key.group(0)!r} in {text!r}")
        if lang == "es":
            found += [f"Streamlit's {words!r} in {text!r}" for words in STREAMLIT_ENGLISH if words in text]
        # Data is shown literally (ui.literal escapes Markdown and joins words to stop autolinks).
        clean = re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")
        # A link keeps its words, but an address is not prose (its paths are Spanish in every language).
        clean = URL.sub(" ", LINK.sub(r"\1", CODE.sub(" ", clean)))
        for value in data:
            clean = clean.replace(value, " ")
        words = {w.lower() for w in WORD.findall(clean)} & FOREIGN[lang]
        if words:
            found.append(f"{sorted(words)} in {text[:160]!r}")
    return sorted(set(found))


@pytest.fixture
def filled_db(tmp_path):
    """A database with something on every page: example results, assessments, consultation answers."""
    db = tmp_path / "app.duckdb"
    store = Store.open(db)
    store.load_bundled(DATA_DIR)
    generate_results(store, load_framework(), 2)
    generate_assessments(store, Q, 12)
    assessment_id, _ = store.create_assessment("hnd-danli")
    store.submit_assessment(assessment_id, complete("hnd-danli", capacity=0), Q, "Ana")
    consultation = load_consultation(DATA_DIR)
    participant, _ = store.create_participant()
    for phase in ("before", "after"):
        answers = {
            item.key: (item.key if item.kind == "text" else consultation.values(item)[0])
            for item in consultation.items_of(phase)
        }
        store.save_consultation(participant, phase, answers)
    store.create_access_codes("hnd-omoa", 2, created_by="test")
    with_results = list(store.places_with_results()["place_id"])
    store.close()
    return db, with_results


def visits(app, lang: str, with_results: list[str]):
    """Each page in the states a user sees it, as (name, AppTest) pairs."""
    yield "home", app(lang=lang)
    at = app(routes.script("map"), lang=lang)
    yield "map", at
    at.radio(key=f"as_of_preset@{lang}").set_value("other").run()
    at.text_input(key="as_of_date").input("not a date").run()
    at.selectbox(key="place_pick").set_value(with_results[0]).run()
    yield "map, typed date and a place's card", at
    at = app(routes.script("profile"), lang=lang)
    yield "profiles", at
    at.selectbox(key="profile_pick").set_value(with_results[0]).run()
    at.multiselect(key="profile_compare").set_value(with_results[:2]).run()
    yield "profile and comparison", at
    at = app(routes.script("assessment"), lang=lang)
    yield "self-assessment gate", at
    at.button(key="sa_start").click().run()
    yield "self-assessment gate refusal", at
    at = app(routes.script("consultation"), lang=lang)
    yield "consultation gate", at
    at.button(key="cs_new").click().run()
    yield "consultation form", at
    at = app(routes.script("presenter"), lang=lang)
    yield "presenter", at
    at.toggle(key="pr_reveal").set_value(True).run()
    yield "presenter revealed", at
    add_account("ana", name="Ana")  # a name no language owns
    at = app(lang=lang)
    at.switch_page(routes.script("organisers")).run()
    yield "organisers' gate", at
    log_in(at, "ana")
    for label in [tab.label for tab in at.tabs]:  # only the open tab is drawn: each in turn
        at.session_state["org_tab"] = label
        at.run()
        yield f"organisers, tab {label}", at
    open_tab(at, "org.summaries_title").selectbox(key="org_export_place").set_value("hnd-danli").run()
    yield "organisers, one place's summary", at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_speaks_one_language(app, filled_db, lang):
    db, with_results = filled_db
    data = data_strings(db)
    found = {}
    for name, at in visits(app, lang, with_results):
        assert not at.exception, (name, [e.value for e in at.exception])
        if wrong := problems(shown_texts(at), lang, data):
            found[name] = wrong
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_speaks_one_language(app, filled_db, lang):
    """The self-assessment open, refused, then submitted with its summary."""
    db, _ = filled_db
    store = Store.open(db)
    code = store.create_access_codes("hnd-omoa", 1, created_by="test")[0]
    store.close()
    at = app(routes.script("assessment"), lang=lang)
    at.selectbox(key=f"sa_country@{lang}").set_value("HND").run()
    at.selectbox(key="sa_place").set_value("hnd-omoa")
    at.text_input(key="sa_access_code").input(code)
    at.button(key="sa_start").click().run()
    screens = [("open", shown_texts(at))]
    at.button(key="sa_submit").click().run()
    screens.append(("refused", shown_texts(at)))
    at.radio(key=f"sa_anon@{lang}").set_value("named").run()
    at.text_input(key="sa_name").input("Ana").run()
    for theme in Q.themes:
        at.button_group(key="mesa").set_value(theme).run()
        for area in Q.areas_of(theme):
            at.radio(key=f"cap_{area.key}@{lang}").set_value(2)
            at.radio(key=f"pri_{area.key}@{lang}").set_value(3)
        for rank, area in enumerate(Q.areas_of(theme)[:3], 1):
            at.selectbox(key=f"top_{theme}_{rank}@{lang}").set_value(area.key)
        at.run()
    at.button(key="sa_submit").click().run()
    assert at.success, "the assessment was not submitted"
    screens.append(("submitted", shown_texts(at)))
    data = data_strings(db)
    found = {name: wrong for name, texts in screens if (wrong := problems(texts, lang, data))}
    assert found == {}, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


def test_the_check_catches_the_other_language_and_raw_keys():
    assert problems(["Select all"], "es", []) == ["Streamlit's 'Select all' in 'Select all'"]
    assert problems(["Elija tres áreas"], "en", [])
    assert "raw key 'sa.capacity' in 'Mesa 1 · sa.capacity'" in problems(["Mesa 1 · sa.capacity"], "es", [])
    assert problems(["Lugar: [Migration Governance profile](https://example.org)"], "es", [])
    assert not problems(["Fuente: Migration Governance profile"], "es", ["Migration Governance profile"])


def test_example_findings_say_their_kind_in_words(store):
    generate_results(store, load_framework(), 1)
    place = store.places_with_results()["place_id"].iloc[0]
    findings = store.current_findings([place])["finding"]
    assert findings.str.contains("área bien desarrollada").any()
    assert not findings.str.contains("well_developed|\\(potential\\)").any()


def test_the_language_is_kept_in_the_address(app):
    at = app(routes.script("map"), lang="en")
    assert at.query_params["lang"] in ("en", ["en"])
    # A reload (or a shared link): a new session that has only the address.
    reloaded = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    reloaded.query_params["lang"] = "en"
    reloaded.run()
    assert reloaded.title[0].value == "Local MGI dashboard"
    reloaded.switch_page(routes.script("map")).run()
    assert reloaded.title[0].value == "Map of local governments with a local MGI"
    at.radio(key="lang").set_value("es").run()
    assert "lang" not in at.query_params  # Spanish, the default, needs nothing in the address
