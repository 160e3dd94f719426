"""Release dates at the precision the source gives.

>>> parse_date("2023年5月")
PartialDate(year=2023, month=5, day=None)
>>> str(parse_date("2023-05-12"))
'2023-05-12'
>>> parse_date("2023/13") is None
True
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

EXPECTED = "a date like 2023, 2023-05, 2023-05-12, 2023年5月 or 2023年5月12日"

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_CHINESE = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def xsd_datatype(self) -> str:
        return {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]

    @property
    def quarter(self) -> int | None:
        return (self.month - 1) // 3 + 1 if self.month else None

    @property
    def quarter_label(self) -> str | None:
        """``2023-Q2`` for a date known at least to the month.

        >>> PartialDate(2023, 5).quarter_label, PartialDate(2023).quarter_label
        ('2023-Q2', None)
        """
        return f"{self.year}-Q{self.quarter}" if self.quarter else None

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def parse_date(text: str) -> PartialDate | None:
    """Parse *text*; ``None`` when it is not a valid date in one of the accepted forms."""
    match = _ISO.match(text.strip()) or _CHINESE.match(text.strip())
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    if not 1900 <= year <= 2100:
        return None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PartialDate(year, month, day)
