"""The route list: every view's script, address and icon, in menu order. The one owner of page paths.

The navigation (app.py), the home page's cards, the QR link, the tests and the benchmarks all read it.
The views live in `views/`, not `pages/`: Streamlit treats a folder named `pages/` next to the main
script as an old-style multipage app until `st.navigation` first runs, so the first deep link after a
server start showed an English "Page not found" pop-up (streamlit/streamlit#9992).

No Streamlit import here, so tests and benchmarks can use the list without a runtime.
"""

from dataclasses import dataclass

from indicators.i18n import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Route:
    key: str  # also the i18n keys nav.<key> and home.card_<key>
    script: str  # relative to the project folder, as st.Page and AppTest.switch_page want it
    url_path: str  # the address after the host, in Spanish: users share and type these
    icon: str


ROUTES = (
    Route("home", "views/home.py", "inicio", ":material/home:"),
    Route("map", "views/map.py", "mapa", ":material/map:"),
    Route("profile", "views/profile.py", "perfiles", ":material/description:"),
    Route("assessment", "views/assessment/page.py", "autoevaluacion", ":material/checklist:"),
    Route("consultation", "views/consultation.py", "consulta", ":material/quiz:"),
    Route("checkin", "views/checkin.py", "asistencia", ":material/how_to_reg:"),
    Route("questions", "views/questions.py", "preguntas", ":material/forum:"),
    Route("presenter", "views/presenter.py", "presentacion", ":material/co_present:"),
    Route("organisers", "views/organisers/page.py", "organizacion", ":material/admin_panel_settings:"),
    Route("verify", "views/verify.py", "verificar", ":material/verified:"),
)
BY_KEY = {route.key: route for route in ROUTES}
HOME = ROUTES[0]


def script(key: str) -> str:
    """The view script of a route, e.g. script("map") == "views/map.py"."""
    return BY_KEY[key].script


def url_path(key: str) -> str:
    return BY_KEY[key].url_path


def with_language(url: str, language: str) -> str:
    """A link that opens in `language`: "…?lang=en" (Spanish, the default, needs nothing), so a QR
    code or a shared address shown on an English page opens the English page."""
    if language == DEFAULT_LANGUAGE:
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={language}"


def query(language: str, **params: str) -> dict[str, str]:
    """The query parameters of a link to a page in `language`: `params`, and the language unless it
    is the default (app.py writes it into every address the same way)."""
    return params if language == DEFAULT_LANGUAGE else {**params, "lang": language}
