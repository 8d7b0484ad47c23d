"""Certificates: who has earned one, the A4 landscape PDF, and issuing them (code, PDF, stored hash).

A certificate names the person and their organisation exactly as the roster holds them (printed as
text: accents as they are, "<b>" stays "<b>"), the seminar's title, dates and place from
data/seminar.toml, the activities completed, and a verification code with a QR code to the public
page (`verification.verify_url`). Every PDF is built in memory first; only then are the codes' hashes
stored, so a failure (a missing font) leaves no code that no certificate carries.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import segno
from fpdf import FPDF

from indicators import verification
from indicators.exports.errors import FontMissing
from indicators.exports.pdf import FONT, FONT_FILES, rgb
from indicators.i18n import Translator, fold
from indicators.participants import Activity, activities, missing_activities

INK = "#1F3A5F"  # frame and headings: a dark blue that prints well in grey too
GREY = "#555555"
MAX_FILE_STEM = 60


@dataclass(frozen=True)
class Due:
    """Who gets a certificate now, and who is missing which activities."""

    earned: pd.DataFrame  # roster rows of everyone who completed every activity
    missing: list[tuple[str, str, list[str]]]  # (name, email, activity keys not attended)


def due(roster: pd.DataFrame, attendance: pd.DataFrame, found: tuple[Activity, ...]) -> Due:
    keys = [a.key for a in found]
    gaps = missing_activities(roster, attendance, keys)
    people = roster.set_index("participant_id")
    earned = roster[[gaps.get(pid) == [] for pid in roster["participant_id"]]]
    missing = [
        (people.loc[pid, "name"], people.loc[pid, "email"], keys_missing)
        for pid, keys_missing in gaps.items()
        if keys_missing
    ]
    return Due(earned.reset_index(drop=True), sorted(missing, key=lambda m: fold(m[0])))


def date_range(t: Translator, start: dt.date, end: dt.date) -> str:
    """ "12–13 de septiembre de 2022" / "12–13 September 2022" (Babel, `Translator.date_range`)."""
    return t.date_range(start, end)


def seminar_facts(seminar: dict) -> dict:
    """What a certificate row keeps of the seminar (shown again by the public page)."""
    return {
        "title": dict(seminar["title"]),
        "place": dict(seminar["place"]),
        "start": seminar["start"].isoformat(),
        "end": seminar["end"].isoformat(),
    }


def file_name(name: str, participant_id: str, t: Translator) -> str:
    """certificado-maria-lopez-3f2a1b9c.pdf: the name without accents or signs, and a short id so
    two people of the same name never share a file."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:MAX_FILE_STEM].strip("-") or "x"
    return f"{t('certificates.file_prefix')}-{stem}-{participant_id[:8]}.pdf"


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


class Certificate(FPDF):
    def __init__(self, t: Translator, font_dir: Path):
        super().__init__(orientation="L", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            path = font_dir / name
            if not path.is_file():
                raise FontMissing(path=str(path))
            self.add_font(FONT, style, str(path))
        self.set_auto_page_break(False)
        self.set_margins(20, 15, 20)
        self.set_lang(t.language)
        self.set_creator(t("app.name"))

    def style(self, size: float, bold: bool = False, colour: str = "#000000") -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*rgb(colour))

    def centred(
        self, text: str, size: float, bold=False, colour="#000000", max_lines=2, smallest=None
    ) -> None:
        """`text` centred across the page on at most `max_lines` lines, shrunk (down to `smallest`)
        until it fits; printed as text, never as markup."""
        smallest = smallest or size
        while True:
            self.style(size, bold, colour)
            lines = self.multi_cell(self.epw, 1, text, dry_run=True, output="LINES")
            if len(lines) <= max_lines or size <= smallest:
                break
            size -= 1
        for line in lines[:max_lines]:
            self.set_x(self.l_margin)
            self.cell(self.epw, size * 0.45, line, align="C", new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(
    person: dict,
    seminar: dict,
    found: tuple[Activity, ...],
    code: str,
    url: str,
    t: Translator,
    today: dt.date,
    font_dir: Path,
) -> bytes:
    """One certificate, A4 landscape: `person` has name and organisation."""
    lang = t.language
    pdf = Certificate(t, font_dir)
    title = t("certificates.title")
    pdf.set_title(f"{title}: {person['name']}")
    pdf.add_page()
    pdf.set_draw_color(*rgb(INK))
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)

    pdf.set_y(30)
    pdf.centred(title.upper(), 26, bold=True, colour=INK, max_lines=1)
    pdf.ln(7)
    pdf.centred(t("certificates.awarded_to"), 12, colour=GREY)
    pdf.ln(3)
    pdf.centred(person["name"], 28, bold=True, max_lines=2, smallest=16)
    if person.get("organisation"):
        pdf.ln(1)
        pdf.centred(person["organisation"], 13, colour=GREY, max_lines=2, smallest=10)
    pdf.ln(7)
    pdf.centred(t("certificates.for_attending"), 12, max_lines=2)
    pdf.ln(1)
    pdf.centred(seminar["title"][lang], 16, bold=True, colour=INK, max_lines=3, smallest=11)
    pdf.ln(1)
    when = date_range(t, seminar["start"], seminar["end"])
    pdf.centred(f"{seminar['place'][lang]} · {when}", 12, colour=GREY)

    # The activities on the left, the code and its QR on the right, above the bottom frame.
    top = pdf.get_y() + 7
    qr_size = 34
    left_width = pdf.epw - qr_size - 8  # above the code and its QR, beside the QR at most
    pdf.set_xy(pdf.l_margin, top)
    pdf.style(10, bold=True, colour=INK)
    pdf.cell(left_width, 5, t("certificates.activities"), new_x="LMARGIN", new_y="NEXT")
    pdf.style(10)
    for activity in found:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(left_width, 4.8, f"✓ {activity.title[lang]}", align="L", new_x="LMARGIN", new_y="NEXT")
    qr_x = pdf.w - pdf.r_margin - qr_size
    qr_y = pdf.h - 18 - qr_size
    pdf.image(io.BytesIO(qr_png(url)), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    text_width = 110
    text_x = qr_x - text_width - 3
    pdf.set_xy(text_x, qr_y + 3)
    pdf.style(9, colour=GREY)
    pdf.cell(text_width, 5, t("certificates.code_label"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.style(15, bold=True)
    pdf.cell(text_width, 8, code, align="R", new_x="LEFT", new_y="NEXT")
    pdf.style(8.5, colour=GREY)
    pdf.cell(text_width, 4.5, t("certificates.verify_at"), align="R", new_x="LEFT", new_y="NEXT")
    size = 8.5
    while size > 5 and pdf.get_string_width(url) > text_width:  # the address on one line, never cut
        size -= 0.5
        pdf.style(size, colour=GREY)
    pdf.cell(text_width, 4.5, url, align="R", link=url)
    pdf.set_xy(pdf.l_margin, pdf.h - 20)
    pdf.style(7.5, colour=GREY)
    pdf.cell(left_width, 4, t("certificates.issued", date=t.long_date(today), app=t("app.name")))
    return bytes(pdf.output())


INDEX_FILE = "index.csv"  # beside the certificates: who gets which file, for a mail merge (no code)


@dataclass(frozen=True)
class Issued:
    files: dict[str, bytes]  # file name → PDF
    index: pd.DataFrame  # name, email, file
    missing: list[tuple[str, str, list[str]]]

    def index_csv(self) -> bytes:
        return ("\ufeff" + self.index.to_csv(index=False, lineterminator="\n")).encode("utf-8")

    def zip(self) -> bytes:
        """Every PDF and the index in one zip (the organisers' download)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self.files.items():
                archive.writestr(name, content)
            archive.writestr(INDEX_FILE, self.index_csv())
        return buffer.getvalue()


def issue_certificates(
    store, seminar: dict, t: Translator, base_url: str, by: str, font_dir: Path, today: dt.date | None = None
) -> Issued:
    """A certificate with a new code for everyone who completed every activity; earlier certificates
    stay valid (a person may hold several, all naming them). The codes' hashes are stored once every
    PDF is built."""
    today = today or dt.date.today()
    found = activities(seminar)
    plan = due(store.participants(), store.attendance(), found)
    files, issued, index = {}, [], []
    for person in plan.earned.to_dict("records"):
        code = verification.new_code()
        url = verification.verify_url(base_url, code)
        name = file_name(person["name"], person["participant_id"], t)
        files[name] = certificate_pdf(person, seminar, found, code, url, t, today, font_dir)
        issued.append((code, person["participant_id"], person["name"]))
        index.append({"name": person["name"], "email": person["email"], "file": name})
    if issued:
        store.store_certificates(issued, seminar_facts(seminar), by)
    return Issued(files, pd.DataFrame(index, columns=["name", "email", "file"]), plan.missing)
