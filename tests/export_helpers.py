"""What the export tests share: the questionnaire, a fixed date, reading files back, one request."""

import datetime as dt
import io

from pypdf import PdfReader

from indicators.exports import ExportRequest, Names, export_file
from indicators.i18n import Translator
from indicators.questionnaire import load_questionnaire

Q = load_questionnaire()
TODAY = dt.date(2022, 9, 13)
RT1 = [a.key for a in Q.areas_of("rt1")]
ACTION = "Crear la mesa municipal de movilidad humana – «ventanilla única» en Danlí"


def names_of(store, language="es") -> Names:
    return Names.from_frames(store.places(igm_only=False), store.countries(), language)


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def request(store, language="es", **fields) -> bytes:
    return export_file(store, Q, Translator(language), ExportRequest(**fields), today=TODAY)
