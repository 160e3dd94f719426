import pytest

from medkg.base.dates import PartialDate, parse_date


@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("2023", "2023", "year"), ("2023-05", "2023-05", "month"), ("2023-5", "2023-05", "month"),
    ("2023-05-12", "2023-05-12", "day"), ("2023年5月", "2023-05", "month"), ("2023年5月12日", "2023-05-12", "day"),
    ("2023年", "2023", "year"),
])
def test_accepted_forms_keep_their_precision(text: str, expected: str, precision: str) -> None:
    date = parse_date(text)
    assert date is not None and str(date) == expected and date.precision == precision


@pytest.mark.parametrize("text", ["2023/05", "2023-13", "2023-02-30", "May 2023", "23-05", "", "１２３"])
def test_rejected_forms(text: str) -> None:
    assert parse_date(text) is None


def test_quarter_only_when_month_known() -> None:
    assert PartialDate(2023, 5).quarter == 2 and PartialDate(2023).quarter is None
