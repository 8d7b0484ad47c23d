"""indicators/questions.py: what a question may be, the limits on asking, the order the room sees, the
session on now, the export; and indicators/closing.py's switch."""

import datetime as dt

import pandas as pd
import pytest

from indicators import access, closing, questions
from indicators.seminar import load_seminar
from indicators.store import Store

NOW = dt.datetime(2022, 9, 12, 10, 0)
SEMINAR = load_seminar()


def frame(*rows) -> pd.DataFrame:
    """Questions as the store lists them: (id, state, pinned, votes, minutes after NOW)."""
    return pd.DataFrame(
        [
            {
                "question_id": qid,
                "session_key": "s1",
                "text": f"¿{qid}?",
                "author": None,
                "state": state,
                "pinned": pinned,
                "votes": votes,
                "asked_at": NOW + dt.timedelta(minutes=minute),
            }
            for qid, state, pinned, votes, minute in rows
        ],
        columns=["question_id", "session_key", "text", "author", "state", "pinned", "votes", "asked_at"],
    )


def test_the_room_sees_pinned_then_open_then_answered_most_votes_first_then_first_asked():
    listed = frame(
        ("A", "open", False, 2, 0),
        ("B", "open", False, 5, 1),
        ("C", "answered", False, 9, 2),
        ("D", "open", True, 0, 3),
        ("E", "hidden", False, 50, 4),
        ("F", "open", False, 2, 5),  # as many votes as A, asked later: under it
    )
    assert list(questions.shown(listed)["question_id"]) == ["D", "B", "A", "F", "C"]
    assert list(questions.ordered(listed)["question_id"]) == ["D", "B", "A", "F", "C", "E"]
    assert list(questions.top(listed, 3)["question_id"]) == ["D", "B", "A"]  # not answered, never hidden
    assert questions.shown(frame()).empty


@pytest.mark.parametrize(
    "typed, stored, problem",
    [
        ("  ¿Qué es\n el  MiGOF? ", "¿Qué es el MiGOF?", None),
        ("   \n ", "", "empty"),
        (None, "", "empty"),
        ("x" * 280, "x" * 280, None),
        ("x" * 281, "x" * 281, "too_long"),
    ],
)
def test_a_question_is_one_line_of_at_most_280_characters(typed, stored, problem):
    assert questions.clean(typed) == stored
    assert questions.text_problem(questions.clean(typed)) == problem


def test_ids_are_short_and_typed_in_any_case():
    made = {questions.new_id() for _ in range(200)}
    assert len(made) == 200 and all(questions.normalise_id(i) == i for i in made)
    assert questions.normalise_id(" k7m2qx ") == "K7M2QX"
    assert questions.normalise_id("K7M2Q0") is None and questions.normalise_id("K7M2Q") is None  # no 0


def test_a_browser_asks_ten_questions_in_ten_minutes_then_waits_for_the_oldest_to_leave():
    quota = questions.SESSION_QUOTA
    times = [NOW + dt.timedelta(minutes=m) for m in range(10)]
    assert quota.blocked_until(times[:9], NOW + dt.timedelta(minutes=9)) is None
    assert quota.blocked_until(times, NOW + dt.timedelta(minutes=9)) == NOW + dt.timedelta(minutes=10)
    assert quota.blocked_until(times, NOW + dt.timedelta(minutes=10)) is None  # the first has left


def test_the_limits_are_counted_in_the_database_per_browser_and_per_address():
    """The address limit is the codes' mechanism (access.Limit): a room behind one router asks freely,
    then a script is slowed to one question every 20 seconds; browsers and codes count apart."""
    store = Store.open(":memory:")
    at = NOW

    def ask(browser: str) -> dt.datetime | None:
        clients = questions.ask_clients(browser, "10.0.0.1")
        until = questions.wait_until(clients, at, store.failed_attempts)
        if until is None:
            for client in clients:
                store.record_failed_attempt(client, at)
        return until

    for n in range(10):
        assert ask("browser-a") is None, n
    assert ask("browser-a") == NOW + questions.SESSION_QUOTA.window  # the 11th from one browser
    for n in range(50):  # other phones in the room, same address: 60 in all
        at = NOW + dt.timedelta(seconds=n)
        assert ask(f"phone-{n}") is None, n
    waited = ask("phone-x")  # the 61st from the address: a short wait, as for codes
    assert waited is not None and waited - at <= questions.ADDRESS_LIMIT.max_delay
    assert questions.ask_clients("b", None) == {"question:browser:b": questions.SESSION_QUOTA}
    code_clients = {"session:b": access.CODE_LIMITS["session"]}
    assert access.attempt(code_clients, at, lambda: "ok", store.failed_attempts, lambda *a: None)[0] == "ok"


def test_the_session_on_now_is_the_presenters_choice_else_todays_else_the_first_with_a_date():
    assert questions.session_keys(SEMINAR) == ["s0", "s1", "s2"]
    assert questions.current_session(SEMINAR, "s2", dt.date(2030, 1, 1)) == "s2"
    assert questions.current_session(SEMINAR, "", dt.date(2022, 9, 13)) == "s2"
    assert questions.current_session(SEMINAR, "gone", dt.date(2030, 1, 1)) == "s1"
    assert questions.session_title(SEMINAR, "s1", "en").startswith("Session 1.")


def test_the_export_has_the_contracts_columns_and_every_question():
    listed = frame(("A", "open", False, 2, 0), ("E", "hidden", False, 5, 1))
    table = questions.export_table(listed)
    assert list(table.columns) == ["id", "session", "text", "votes", "state", "time"]
    assert table.values.tolist() == [  # the room's order, hidden ones last
        ["A", "s1", "¿A?", 2, "open", "2022-09-12 10:00:00"],
        ["E", "s1", "¿E?", 5, "hidden", "2022-09-12 10:01:00"],
    ]
    assert list(questions.export_table(frame()).columns) == list(questions.EXPORT_COLUMNS)


def test_votes_are_kept_under_a_hash_of_the_browser():
    key = questions.voter_key("0123456789abcdef0123456789abcdef")
    assert key == questions.voter_key("0123456789abcdef0123456789abcdef") and "0123" not in key


def test_closing_names_one_setting_per_page():
    assert [closing.setting_key(w) for w in closing.CLOSABLE] == [
        "closed.assessment",
        "closed.consultation",
        "closed.questions",
    ]
    assert closing.is_closed(closing.setting_value(True))
    assert not closing.is_closed(closing.setting_value(False))
    assert not closing.is_closed("")  # never set: open
    with pytest.raises(ValueError):
        closing.setting_key("map")
