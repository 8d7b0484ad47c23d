"""Closing and reopening answering: the self-assessment, the consultation and the room's questions each
take new answers until the presenter closes them, and again once reopened.

The switch is a setting in the database (the `meta` table), so every instance of the app and every
phone sees it at its next click. What closed means, the same on every page: nothing typed is lost.
The self-assessment keeps opening with a code and saving drafts as they are typed (a code holder still
sees their answers), and only refuses to submit; the consultation keeps its drafts and refuses to save an
answer; the questions page refuses new questions and votes. Reopening lets each go on where it stopped.
"""

CLOSABLE = ("assessment", "consultation", "questions")
CLOSED = "true"


def setting_key(what: str) -> str:
    """The setting that says `what` is closed, e.g. "closed.questions"."""
    if what not in CLOSABLE:
        raise ValueError(f"what must be one of {CLOSABLE}")
    return f"closed.{what}"


def is_closed(value: str) -> bool:
    return value == CLOSED


def setting_value(closed: bool) -> str:
    return CLOSED if closed else "false"


class AnsweringClosed(Exception):
    """A phone tried to submit or save while its page is closed to new answers."""

    def __init__(self, what: str):
        super().__init__(f"{what} is closed to new answers")
        self.what = what
