"""A place's profile as a PDF, read back with pypdf: status and source, the sentence that the IGM is not
a ranking, the six domains' findings, the answers chart, approved practices only, example data bannered."""

import datetime as dt
import io
import random

from pypdf import PdfReader

from indicators.config import Settings
from indicators.demo import example_results
from indicators.exports.profile_pdf import stored_profile_pdf
from indicators.framework import load_framework
from indicators.i18n import Translator
from indicators.practices import Practice
from indicators.registries import Registries
from tests.test_profiles import real_results

REGISTRIES = Registries.load(Settings.from_env())
FONTS = Settings.from_env().font_dir
DAY = dt.date(2026, 12, 5)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def profile(store, place_id: str, language: str = "es") -> list[str]:
    pdf = stored_profile_pdf(store, REGISTRIES, place_id, Translator(language), DAY, FONTS)
    assert pdf.startswith(b"%PDF")
    return pages(pdf)


def test_a_real_profile_has_its_status_source_domains_findings_chart_and_approved_practices(store):
    store.import_results(*real_results("mex-oaxaca"), "oaxaca.csv")
    (approved, rejected), _ = store.add_practices(
        [
            Practice(
                "mex-oaxaca", "rt3_basic_services", "Ventanilla <b>única</b>", "Orienta y deriva.", year=2023
            ),
            Practice("mex-oaxaca", "rt1_regular_pathways", "Una práctica rechazada"),
        ],
        "test",
    )
    store.review_practice(approved, "approved", "test")
    store.review_practice(rejected, "rejected", "test")
    text = "\n".join(profile(store, "mex-oaxaca"))
    assert "Perfil IGM local: Oaxaca" in text
    assert "Estado (entidad federativa) · México" in text and "Completado" in text
    assert "Fuente publicada:" in text and "https://" in text
    assert "El IGM local no es una clasificación" in text
    for number in range(1, 7):
        assert f"{number}. " in text
    assert "2. Enfoque de gobierno integral (traducción sugerida)" in text
    assert "Existe una oficina municipal de atención a personas migrantes." in text
    assert "Perfil IGM local 2020, p. 12" in text
    assert "Respuestas por indicador" in text and "Cumple" in text and "No cumple" in text
    assert "Ventanilla <b>única</b> (2023)" in text  # printed as written
    assert "Una práctica rechazada" not in text
    assert "DATOS DE EJEMPLO" not in text


def test_example_results_and_practices_are_bannered_on_every_page(store):
    findings, answers = example_results(["mex-sonora"], load_framework(), random.Random(1))
    store.import_results(findings, answers, "demo-data", is_example=True)
    store.add_practices(
        [Practice("mex-sonora", "rt3_basic_services", "EJEMPLO / EXAMPLE: algo")],
        "test",
        is_example=True,
        state="approved",
    )
    shown = profile(store, "mex-sonora", "en")
    assert len(shown) >= 2
    assert all(page.startswith("EXAMPLE DATA (generated; not real)") for page in shown)
    text = "\n".join(shown)
    assert "These results are EXAMPLE DATA" in text and "[EXAMPLE]" in text
    assert "The local MGI is not a ranking" in text


def test_a_place_without_results_says_so_and_still_lists_its_practices(store):
    (practice_id,), _ = store.add_practices([Practice("hnd-omoa", "rt3_basic_services", "Ventanilla")], "t")
    text = "\n".join(profile(store, "hnd-omoa"))
    assert "Aún no hay resultados del IGM local cargados en el tablero para Omoa." in text
    assert "aún no tiene buenas prácticas aprobadas" in text  # pending is not shown
    store.review_practice(practice_id, "approved", "t")
    assert "Ventanilla" in "\n".join(profile(store, "hnd-omoa"))
