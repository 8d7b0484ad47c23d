"""indicators/exports/errors.py: why an export could not be produced, in the reader's language."""

import pytest

from indicators.exports.errors import ExportError, FontMissing, NoConsultationAnswers, NothingToExport
from indicators.i18n import Translator


@pytest.mark.parametrize(
    "error, es, en",
    [
        (NothingToExport("Honduras"), "Honduras", "Honduras"),
        (NothingToExport(), None, None),
        (NoConsultationAnswers(), None, None),
        (FontMissing(path="/nada/DejaVuSans.ttf"), "/nada/DejaVuSans.ttf", "/nada/DejaVuSans.ttf"),
    ],
)
def test_each_reason_reads_in_both_languages_with_what_it_names(error, es, en):
    spanish, english = error.message(Translator("es")), error.message(Translator("en"))
    assert spanish and english and spanish != english
    assert "{" not in spanish + english  # every placeholder filled
    if es:
        assert es in spanish and en in english


def test_every_reason_is_an_export_error():
    """The command line and the organisers' page catch ExportError alone and print its message."""
    for error in (NothingToExport(), NoConsultationAnswers(), FontMissing(path="x")):
        assert isinstance(error, ExportError)
    assert isinstance(NoConsultationAnswers(), NothingToExport)
