"""The export: the template's columns, UK dates, and text no spreadsheet would run."""

import io

import pytest
from openpyxl import load_workbook

from spreadsheets import exporting
from spreadsheets.columns import COLUMNS
from tests.factories import RecommendationFactory, make_action

pytestmark = pytest.mark.usefixtures("today")

FORMULAS = ['=HYPERLINK("http://evil")', "+44 1634 000000", "-2 staff", "@SUM(A1)"]


@pytest.fixture
def risky_plan(inspection, manager):
    recommendation = RecommendationFactory(inspection=inspection, number=1, text=FORMULAS[0])
    for index, text in enumerate(FORMULAS):
        make_action(
            recommendation, actor=manager, reference=f"1{'abcd'[index]}", title=text, owner=manager
        )
    return exporting.inspection_recommendations(inspection)


def test_csv_cells_that_begin_with_a_formula_character_are_neutralised(risky_plan):
    text = exporting.write_csv(risky_plan).decode("utf-8-sig")

    for formula in FORMULAS:
        assert f"'{formula}" in text or f"\"'{formula}" in text.replace('""', '"')
    assert ",=" not in text and ",+" not in text and ",@" not in text and ",-" not in text


def test_xlsx_cells_that_begin_with_a_formula_character_are_text_not_formulas(risky_plan):
    workbook = load_workbook(io.BytesIO(exporting.write_xlsx(risky_plan)))
    cells = [cell for row in workbook["Plan"].iter_rows(min_row=2) for cell in row]

    assert not [cell for cell in cells if cell.data_type == "f"]
    assert {cell.value for cell in cells} >= set(FORMULAS)


def test_dates_are_date_cells_in_xlsx_and_uk_dates_in_csv(inspection, manager, today):
    recommendation = RecommendationFactory(inspection=inspection, number=1)
    make_action(recommendation, actor=manager, reference="1a", owner=manager)
    recommendations = exporting.inspection_recommendations(inspection)

    sheet = load_workbook(io.BytesIO(exporting.write_xlsx(recommendations)))["Plan"]
    deadline = sheet.cell(row=2, column=[c.heading for c in COLUMNS].index("Deadline") + 1)
    csv_text = exporting.write_csv(recommendations).decode("utf-8-sig")

    assert deadline.is_date and deadline.number_format == "DD/MM/YYYY"
    assert "21/02/2027" in csv_text  # 90 days after 23 November 2026


def test_the_workbook_explains_every_column_on_its_second_sheet(inspection):
    workbook = load_workbook(
        io.BytesIO(exporting.write_xlsx(exporting.inspection_recommendations(inspection)))
    )

    explained = [row[0].value for row in workbook["Columns"].iter_rows(min_row=2)]
    assert explained[: len(COLUMNS)] == [column.heading for column in COLUMNS]


def test_control_characters_are_left_out_of_the_workbook(inspection, manager):
    recommendation = RecommendationFactory(inspection=inspection, number=1, text="Bell\x07 and tab")
    recommendations = exporting.inspection_recommendations(inspection)

    sheet = load_workbook(io.BytesIO(exporting.write_xlsx(recommendations)))["Plan"]

    assert sheet.cell(row=2, column=2).value == "Bell and tab"
    assert recommendation.text in exporting.write_csv(recommendations).decode("utf-8-sig")
