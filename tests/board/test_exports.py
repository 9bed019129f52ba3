"""The pack's formats read as a person would read them: the PDF through poppler's pdftotext
and pdftoppm, the workbook through openpyxl, the CSV through the csv module."""

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from board.columns import COLUMNS, neutralised
from board.exports import filename, render_csv, render_pdf, render_xlsx
from board.pack import build_pack
from tests.board.conftest import day

pytestmark = pytest.mark.django_db
# Where the PDF's first page is left for people to look at.
PAGE_ONE_COPY = Path("/tmp/board-pdf-page1.png")


@pytest.fixture(scope="module")
def rendered():
    """The PDF is slow to make: made once per module, by the first test that asks."""
    return {}


@pytest.fixture
def pack(history, board):
    board.meetings.create(meets_on=day(15))
    return build_pack(history.service, as_at=day(70))


@pytest.fixture
def pdf(pack, rendered, tmp_path_factory):
    if "pdf" not in rendered:
        path = tmp_path_factory.mktemp("pack") / "pack.pdf"
        path.write_bytes(render_pdf(pack))
        rendered["pdf"] = path
    return rendered["pdf"]


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_names_every_recommendation_action_and_rag_word(pdf, pack):
    text = pdftotext(pdf)
    for recommendation in pack["inspections"][0]["recommendations"]:
        assert f"Recommendation {recommendation['number']}" in text
    for row in pack["rows"]:
        assert row["reference"] in text
        assert row["title"] in text
    for word in ("Red", "Amber", "Complete", "20 days overdue"):
        assert word in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_every_pdf_page_names_the_service_the_day_and_its_number(pdf, pack):
    pages = pdftotext(pdf).split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert pack["service"]["name"] in page
        assert f"as at {day(70):%-d %B %Y}" in page
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_pdf_first_page_renders_to_an_image(pdf):
    prefix = pdf.parent / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
    )
    image = prefix.with_suffix(".png")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shutil.copy(image, PAGE_ONE_COPY)


def test_the_workbook_has_a_summary_and_one_sheet_per_plan_with_real_dates(pack):
    book = load_workbook(io.BytesIO(render_xlsx(pack)))
    assert book.sheetnames == ["Summary", "HMIP inspection 2020"]
    sheet = book["HMIP inspection 2020"]
    header = [cell.value for cell in sheet[1]]
    assert header == [heading for heading, _ in COLUMNS]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(pack["rows"]) == 3
    by_reference = {row[header.index("Ref")]: row for row in rows}
    assert by_reference["1b"][header.index("Current deadline")].date() == day(50)
    assert by_reference["1b"][header.index("RAG")] == "Red"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{len(rows) + 1}"
    assert book["Summary"]["B2"].value.date() == day(70)


def test_the_csv_has_one_row_per_action_under_the_same_headings(pack):
    text = render_csv(pack).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [heading for heading, _ in COLUMNS]
    assert sorted(r[3] for r in rows[1:]) == ["1a", "1b", "2a"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Plain", "Plain"),
        (3, 3),
        (date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(value, expected):
    assert neutralised(value) == expected


def test_the_file_name_names_the_service_and_the_day(pack):
    assert filename(pack, "pdf") == f"board-pack-medway-youth-justice-service-{day(70)}.pdf"
