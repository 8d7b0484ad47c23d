"""The questionnaire on paper: one A4 booklet per local government, for answering with no connection.

The booklet follows the app's form question by question (same round tables, areas, scales and the
three numbered boxes of each table's top 3), so an organiser can type a paper answer into the
normal form without looking for anything. The local government's name is printed on every page:
a booklet is never filled in for the wrong place. Areas carry a number ("2.3") that the top 3
boxes ask for. It is drawn with fpdf2 and DejaVu Sans, like the other PDF files of the app.
"""

from pathlib import Path

from fpdf import FPDF

from indicators.config import DEFAULT_FONT_DIR
from indicators.exports import FontMissing
from indicators.exports.pdf import FONT_FILES
from indicators.i18n import Translator
from indicators.questionnaire import TOP_CHOICES, Questionnaire
from indicators.xlsform import form_version

FONT = "DejaVu"
MARGIN = 14
BOX = 3.6  # tick box side, mm: big enough for a pen mark
LINE_GAP = 7.5  # between writing lines, mm
GREY = (90, 90, 90)
RULE = (150, 150, 150)


class _Booklet(FPDF):
    def __init__(self, t: Translator, place: str, version: str, font_dir: Path):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.t, self.place, self.version = t, place, version
        for style, name in FONT_FILES.items():
            path = font_dir / name
            if not path.is_file():
                raise FontMissing(path=str(path))
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, MARGIN + 6, MARGIN)
        self.set_auto_page_break(False)
        self.set_lang(t.language)
        self.set_creator(t("app.name"))
        self.set_title(t("paper.title"))

    def header(self):
        # The place on every page: loose pages of two booklets cannot be mixed up.
        self.set_font(FONT, "B", 8.5)
        self.set_text_color(*GREY)
        self.set_xy(self.l_margin, MARGIN - 4)
        self.cell(self.epw * 0.7, 5, self.place)
        self.set_font(FONT, "", 8)
        self.cell(self.epw * 0.3, 5, self.t("paper.form_version", version=self.version), align="R")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, MARGIN + 1.5, self.l_margin + self.epw, MARGIN + 1.5)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-MARGIN + 2)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(self.epw, 4, self.t("export.pdf_page", page=self.page_no(), pages="{nb}"), align="C")

    def text_at(
        self, x: float, y: float, width: float, text: str, size: float, bold=False, grey=False
    ) -> float:
        """Wrapped text from (x, y); returns the y below it."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*(GREY if grey else (0, 0, 0)))
        self.set_xy(x, y)
        self.multi_cell(width, size * 0.45, text)
        return self.get_y()

    def height_of(self, width: float, text: str, size: float, bold=False) -> float:
        self.set_font(FONT, "B" if bold else "", size)
        return len(self.multi_cell(width, size * 0.45, text, dry_run=True, output="LINES")) * size * 0.45

    def tick(self, x: float, y: float, label: str, size: float = 8.5) -> None:
        self.set_draw_color(0, 0, 0)
        self.rect(x, y + 0.3, BOX, BOX)
        self.set_font(FONT, "", size)
        self.set_text_color(0, 0, 0)
        self.set_xy(x + BOX + 1.5, y)
        self.cell(0, BOX + 0.6, label)

    def writing_line(self, x: float, y: float, width: float, label: str) -> None:
        self.set_font(FONT, "", 8.5)
        self.set_text_color(0, 0, 0)
        self.set_xy(x, y)
        self.cell(0, 4, label)
        start = x + self.get_string_width(label) + 2
        self.set_draw_color(*RULE)
        self.line(start, y + 4, x + width, y + 4)

    def room(self, height: float) -> float:
        """A new page when `height` mm do not fit below the cursor; returns the y to draw at."""
        if self.get_y() + height > self.h - MARGIN - 4:
            self.add_page()
            self.set_y(self.t_margin)
        return self.get_y()


def area_numbers(q: Questionnaire) -> dict[str, str]:
    """ "2.3" = third area of the second round table: what the top 3 boxes ask for."""
    return {
        area.key: f"{q.theme_number(theme)}.{number}"
        for theme in q.themes
        for number, area in enumerate(q.areas_of(theme), start=1)
    }


def paper_form_pdf(
    q: Questionnaire, t: Translator, place_name: str, country_name: str, font_dir: Path = DEFAULT_FONT_DIR
) -> bytes:
    """The booklet of one local government in the translator's language."""
    lang = t.language
    place = f"{place_name} ({country_name})"
    pdf = _Booklet(t, place, form_version(q), font_dir)
    pdf.add_page()
    _cover(pdf, q, t, place)
    numbers = area_numbers(q)
    for theme, names in q.themes.items():
        pdf.add_page()
        y = pdf.text_at(pdf.l_margin, pdf.t_margin, pdf.epw, names[lang], 13, bold=True)
        pdf.set_y(y + 2)
        for area in q.areas_of(theme):
            _area(pdf, q, t, numbers[area.key], area)
        _top3(pdf, q, t, theme, numbers)
    return bytes(pdf.output())


def _cover(pdf: _Booklet, q: Questionnaire, t: Translator, place: str) -> None:
    width = pdf.epw
    y = pdf.text_at(pdf.l_margin, pdf.t_margin + 4, width, t("paper.title"), 17, bold=True)
    y = pdf.text_at(pdf.l_margin, y + 3, width, place, 14, bold=True)
    y = pdf.text_at(pdf.l_margin, y + 4, width, t("paper.instructions"), 9.5)
    y += 6
    pdf.writing_line(pdf.l_margin, y, width, t("paper.access_code"))
    y += LINE_GAP + 2
    pdf.text_at(pdf.l_margin, y, width, t("paper.anonymous_question"), 9.5, bold=True)
    y += 6
    pdf.tick(pdf.l_margin, y, t("paper.anonymous_yes"))
    pdf.tick(pdf.l_margin + 80, y, t("paper.anonymous_no"))
    y += LINE_GAP
    pdf.writing_line(pdf.l_margin, y, width, t("paper.name"))
    y += LINE_GAP
    pdf.writing_line(pdf.l_margin, y, width, t("paper.role"))
    y += LINE_GAP
    pdf.writing_line(pdf.l_margin, y, width * 0.5, t("paper.date"))
    y += LINE_GAP + 4
    y = pdf.text_at(pdf.l_margin, y, width, t("paper.scales_title"), 10, bold=True) + 1
    for scale in ("capacity", "priority"):
        lines = [f"{value} = {labels[t.language]}" for value, labels in q.scales[scale].items()]
        y = pdf.text_at(
            pdf.l_margin, y + 1, width, f"{t(f'paper.{scale}')}: " + " · ".join(lines), 8.5, grey=True
        )
    pdf.text_at(pdf.l_margin, y + 6, width, t("paper.typing_note"), 8.5, grey=True)


def _area(pdf: _Booklet, q: Questionnaire, t: Translator, number: str, area) -> None:
    lang = t.language
    width = pdf.epw
    column = width / 2 - 2
    title = f"{number}  {area.name[lang]}"
    capacity = list(q.scales["capacity"].items())
    # Rows of boxes: capacity on the left; priority, then the timeframe's heading and row, on the right.
    options = max(len(capacity), len(q.scales["priority"]) + 2)
    height = (
        pdf.height_of(width, title, 10, bold=True)
        + pdf.height_of(width, area.help[lang], 8)
        + 8
        + options * (BOX + 1.6)
        + 2 * LINE_GAP
        + 6
    )
    y = pdf.room(height)
    y = pdf.text_at(pdf.l_margin, y, width, title, 10, bold=True)
    y = pdf.text_at(pdf.l_margin, y + 0.5, width, area.help[lang], 8, grey=True) + 2
    left, right = pdf.l_margin, pdf.l_margin + column + 4
    pdf.text_at(left, y, column, t("paper.capacity"), 8.5, bold=True)
    pdf.text_at(right, y, column, t("paper.priority"), 8.5, bold=True)
    y += 5
    for row, (value, labels) in enumerate(capacity):
        pdf.tick(left, y + row * (BOX + 1.6), f"{value} {labels[lang]}")
    priorities = list(q.scales["priority"].items())
    for row, (value, labels) in enumerate(priorities):
        pdf.tick(right, y + row * (BOX + 1.6), f"{value} {labels[lang]}")
    below = y + len(priorities) * (BOX + 1.6)
    pdf.text_at(right, below, column, t("paper.timeframe"), 8.5, bold=True)
    for row, labels in enumerate(q.scales["timeframe"].values()):
        pdf.tick(right + (row * column / 3), below + 4.5, labels[lang], size=8)
    y += options * (BOX + 1.6) + 2
    pdf.writing_line(pdf.l_margin, y, width, t("paper.action"))
    y += LINE_GAP
    pdf.writing_line(pdf.l_margin, y, width, t("paper.office"))
    y += LINE_GAP
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, y - 1, pdf.l_margin + width, y - 1)
    pdf.set_y(y + 2)


def _top3(pdf: _Booklet, q: Questionnaire, t: Translator, theme: str, numbers: dict[str, str]) -> None:
    width = pdf.epw
    choices = " · ".join(f"{numbers[a.key]} {a.name[t.language]}" for a in q.areas_of(theme))
    height = pdf.height_of(width, choices, 8) + 28
    y = pdf.room(height) + 2
    y = pdf.text_at(pdf.l_margin, y, width, t("paper.top3_title", count=TOP_CHOICES), 10.5, bold=True)
    y = pdf.text_at(pdf.l_margin, y + 1, width, t("paper.top3_help"), 8.5, grey=True)
    y = pdf.text_at(pdf.l_margin, y + 1, width, choices, 8, grey=True) + 3
    box = 16
    for rank in range(1, TOP_CHOICES + 1):
        x = pdf.l_margin + (rank - 1) * (box + 34)
        pdf.set_font(FONT, "B", 11)
        pdf.set_xy(x, y + 3)
        pdf.cell(8, 6, f"{rank}.")
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(x + 8, y, box, 11)
    pdf.set_y(y + 15)
