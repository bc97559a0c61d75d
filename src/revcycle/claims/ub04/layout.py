"""The UB-04 (CMS-1450) print grid and its 81 form locators (FL).

Printed like the CMS-1500 on the pica grid: 10 characters per inch, 6 lines per inch, Courier 12 pt
(`cms1500.layout`: `column_x`, `line_baseline`, `Alignment`). Each form locator is a `Locator`: its first
print line, first column, width in characters and number of rows (a, b, c ... rows stack downwards);
FL 42-48 repeat on the 22 service-line rows; line 23 holds the page number, creation date and totals.
Locators the NUBC leaves reserved (7, 30, 37, 49, 68, 73, 75) are drawn and left empty. Positions follow
the form's arrangement (provider block top left, patient rows, codes, the 22-line body, payers,
insureds, diagnoses, procedures, physicians, remarks); printers differ by a few points, so `Alignment`
shifts the data for pre-printed forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.claims.cms1500.layout import LINE_HEIGHT, PAGE_HEIGHT, PAGE_WIDTH, Alignment, column_x, line_top

__all__ = ["Alignment", "PAGE_HEIGHT", "PAGE_WIDTH"]
LINES_PER_PAGE = 22
FIRST_SERVICE_LINE = 20  # print line of service line 1
TOTALS_LINE = FIRST_SERVICE_LINE + LINES_PER_PAGE  # line 23 of the body
BOX_INSET = 2.0


@dataclass(frozen=True, slots=True)
class Locator:
    key: str  # "4", "6_from", "42", "67", "67A" ...
    caption: str
    line: int
    column: int
    width: int
    rows: int = 1

    def pdf_rect(self) -> tuple[float, float, float, float]:
        x0 = column_x(self.column) - BOX_INSET
        x1 = column_x(self.column + self.width) + 1.0  # the last character ends at the next column
        return x0, PAGE_HEIGHT - (self.line + self.rows - 1) * LINE_HEIGHT, x1, line_top(self.line)

    def top_down_rect(self, row: int = 0) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of row `row` in pdfplumber's coordinates (origin top-left)."""
        x0, _y0, x1, _y1 = self.pdf_rect()
        top = (self.line + row - 1) * LINE_HEIGHT
        return x0, top, x1, top + LINE_HEIGHT


def _loc(key: str, caption: str, line: int, column: int, width: int, rows: int = 1) -> Locator:
    return Locator(key, caption, line, column, width, rows)


_HEADER = [
    _loc("1", "1 BILLING PROVIDER", 1, 1, 25, 4),
    _loc("2", "2 PAY-TO", 1, 27, 25, 4),
    _loc("3a", "3a PAT CNTL #", 1, 55, 24),
    _loc("3b", "b MED REC #", 2, 55, 22),
    _loc("4", "4 TOB", 2, 78, 4),
    _loc("5", "5 FED TAX NO", 4, 53, 10),
    _loc("6_from", "6 FROM", 4, 64, 6),
    _loc("6_through", "THROUGH", 4, 71, 6),
    _loc("7", "7", 4, 78, 4),
    _loc("8a", "8a PATIENT ID", 6, 1, 28),
    _loc("8b", "8b PATIENT NAME", 7, 1, 28),
    _loc("9a", "9a PATIENT ADDRESS", 6, 30, 40),
    _loc("9b", "9b CITY", 7, 30, 24),
    _loc("9c", "c ST", 7, 55, 2),
    _loc("9d", "d ZIP", 7, 58, 9),
    _loc("9e", "e CTRY", 7, 68, 3),
    _loc("10", "10 BIRTHDATE", 9, 1, 8),
    _loc("11", "11 SEX", 9, 10, 1),
    _loc("12", "12 ADM DATE", 9, 12, 6),
    _loc("13", "13 HR", 9, 19, 2),
    _loc("14", "14 TYPE", 9, 22, 1),
    _loc("15", "15 SRC", 9, 24, 1),
    _loc("16", "16 DHR", 9, 26, 2),
    _loc("17", "17 STAT", 9, 29, 2),
    *[_loc(str(18 + n), str(18 + n), 9, 32 + 3 * n, 2) for n in range(11)],  # condition codes
    _loc("29", "29 ACDT ST", 9, 66, 2),
    _loc("30", "30", 9, 69, 12),
    *[_loc(f"{31 + n}_code", f"{31 + n} OCCURRENCE CODE", 11, 1 + 9 * n, 2, 2) for n in range(4)],
    *[_loc(f"{31 + n}_date", "DATE", 11, 4 + 9 * n, 6, 2) for n in range(4)],
    *[_loc(f"{35 + n}_code", f"{35 + n} SPAN CODE", 11, 37 + 17 * n, 2, 2) for n in range(2)],
    *[_loc(f"{35 + n}_from", "FROM", 11, 40 + 17 * n, 6, 2) for n in range(2)],
    *[_loc(f"{35 + n}_through", "THROUGH", 11, 47 + 17 * n, 6, 2) for n in range(2)],
    _loc("37", "37", 11, 71, 11, 2),
    _loc("38", "38 RESPONSIBLE PARTY", 14, 1, 38, 4),
    *[_loc(f"{39 + n}_code", f"{39 + n} VALUE CODE", 14, 41 + 14 * n, 2, 4) for n in range(3)],
    *[_loc(f"{39 + n}_amount", "AMOUNT", 14, 44 + 14 * n, 10, 4) for n in range(3)],
]
SERVICE_COLUMNS = {  # FL 42-49 on each service line
    "42": (1, 4, "42 REV CD"),
    "43": (6, 24, "43 DESCRIPTION"),
    "44": (31, 14, "44 HCPCS / RATE"),
    "45": (46, 6, "45 SERV DATE"),
    "46": (53, 6, "46 UNITS"),
    "47": (60, 10, "47 TOTAL CHARGES"),
    "48": (71, 9, "48 NON-COVERED"),
    "49": (81, 1, "49"),
}
_FOOTER = [
    _loc("56", "56 NPI", 43, 67, 10),
    _loc("50", "50 PAYER NAME", 44, 1, 23, 3),
    _loc("51", "51 HEALTH PLAN ID", 44, 25, 15, 3),
    _loc("52", "52 REL", 44, 41, 1, 3),
    _loc("53", "53 ASG", 44, 43, 1, 3),
    _loc("54", "54 PRIOR PAYMENTS", 44, 45, 10, 3),
    _loc("55", "55 EST AMOUNT DUE", 44, 56, 10, 3),
    _loc("57", "57 OTHER PRV ID", 44, 67, 15, 3),
    _loc("58", "58 INSURED'S NAME", 48, 1, 25, 3),
    _loc("59", "59 P REL", 48, 27, 2, 3),
    _loc("60", "60 INSURED'S UNIQUE ID", 48, 30, 20, 3),
    _loc("61", "61 GROUP NAME", 48, 51, 14, 3),
    _loc("62", "62 INSURANCE GROUP NO", 48, 66, 16, 3),
    _loc("63", "63 TREATMENT AUTHORIZATION", 52, 1, 30, 3),
    _loc("64", "64 DOCUMENT CONTROL NUMBER", 52, 32, 26, 3),
    _loc("65", "65 EMPLOYER NAME", 52, 59, 23, 3),
    _loc("66", "66 DX", 56, 1, 1),
    *[
        _loc(
            "67" + suffix, "67" + suffix, 56 + n // 9, 3 + 9 * (n % 9), 8
        )  # code in 7 columns, POA in the 8th
        for n, suffix in enumerate(["", *"ABCDEFGHIJKLMNOPQ"])
    ],  # fmt: skip
    _loc("68", "68", 57, 1, 1),
    _loc("69", "69 ADMIT DX", 58, 1, 8),
    *[
        _loc(f"70{letter}", f"70{letter} PATIENT REASON DX", 58, 10 + 9 * n, 8)
        for n, letter in enumerate("abc")
    ],
    _loc("71", "71 PPS CODE", 58, 38, 4),
    *[_loc(f"72{letter}", f"72{letter} ECI", 58, 43 + 9 * n, 8) for n, letter in enumerate("abc")],
    _loc("73", "73", 58, 71, 11),
    *[
        _loc(f"74{suffix}_code", f"74{suffix} PROCEDURE CODE", 59 + n // 3, 1 + 14 * (n % 3), 7)
        for n, suffix in enumerate(["", *"abcde"])
    ],  # fmt: skip
    *[
        _loc(f"74{suffix}_date", "DATE", 59 + n // 3, 9 + 14 * (n % 3), 6)
        for n, suffix in enumerate(["", *"abcde"])
    ],  # fmt: skip
    _loc("75", "75", 59, 43, 1, 2),
    _loc("80", "80 REMARKS", 61, 1, 24, 4),
    _loc("81a", "81 CC a", 61, 26, 16),
    _loc("81b", "b", 62, 26, 16),
    _loc("81c", "c", 63, 26, 16),
    _loc("81d", "d", 64, 26, 16),
]
for _n, (_number, _title) in enumerate(
    (("76", "ATTENDING"), ("77", "OPERATING"), ("78", "OTHER"), ("79", "OTHER"))
):
    _line = 59 + 2 * _n
    _FOOTER += [
        _loc(f"{_number}_npi", f"{_number} {_title} NPI", _line, 47, 10),
        _loc(f"{_number}_qual", "QUAL", _line, 58, 2),
        _loc(f"{_number}_id", "ID", _line, 61, 21),
        _loc(f"{_number}_last", "LAST", _line + 1, 45, 18),
        _loc(f"{_number}_first", "FIRST", _line + 1, 64, 18),
    ]
LOCATORS = {locator.key: locator for locator in _HEADER + _FOOTER}


def locator(key: str) -> Locator:
    return LOCATORS[key]


def service_cell(index: int, column: str) -> Locator:
    """FL `column` (42-49) of service line `index` (0-based; 22 = line 23, the totals)."""
    first, width, caption = SERVICE_COLUMNS[column]
    return Locator(f"{column}/{index + 1}", caption, FIRST_SERVICE_LINE + index, first, width)


def form_locator_numbers() -> list[int]:
    """The FL numbers the layout draws (1-81)."""
    keys = [*LOCATORS, *SERVICE_COLUMNS]
    return sorted({int("".join(ch for ch in key.split("_")[0] if ch.isdecimal())) for key in keys})
