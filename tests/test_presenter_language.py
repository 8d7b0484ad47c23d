"""The presenter in English: every address it shows the room (the form's link and QR, the questions
page's link and QR) opens the English page (`?lang=en`); in Spanish, the default, none is needed."""

from tests.test_room_steps import PAGE, go_to

BASE = "https://igm.example.org"


def links(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(h.proto.body for h in at.get("html"))


def test_the_english_presenter_links_the_english_pages(app, monkeypatch):
    monkeypatch.setenv("IGM_PUBLIC_URL", f"{BASE}/")
    at = app(PAGE, lang="en")
    shown = links(at)
    assert "Ask from your phone:" in shown
    ask = f"{BASE}/preguntas?lang=en"
    assert (
        f'href="{ask}">' in shown and "<wbr><span>?lang</span><wbr><span>=en</span></a>" in shown
    )  # never after "?"
    assert f'href="{BASE}/autoevaluacion?lang=en"' in shown  # the join link, as it was
    qr = next(m.value for m in go_to(at, "questions").markdown if "questions page" in m.value)
    assert ask in qr  # the questions step's QR and link


def test_the_spanish_presenter_links_need_no_language(app, monkeypatch):
    monkeypatch.setenv("IGM_PUBLIC_URL", f"{BASE}/")
    shown = links(app(PAGE))
    assert f'href="{BASE}/preguntas">' in shown and "lang=" not in shown
