"""The CMS-1500 (02/12) print grid and the boxes of the form.

The form is printed on the standard pica grid: 10 characters per inch and 6 lines per inch on an
8.5 x 11 inch page (85 columns x 66 lines), Courier 12 pt (exactly 7.2 pt per character). Each data
element has a (line, column) position as in the NUCC 1500 print layout; the boxes below enclose them.
Printers differ by a few points; `Alignment` shifts everything for pre-printed red forms.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_WIDTH = 612.0  # 8.5 in
PAGE_HEIGHT = 792.0  # 11 in
CHAR_WIDTH = 7.2  # 10 cpi
LINE_HEIGHT = 12.0  # 6 lpi
LEFT = 18.0  # column 1 starts 0.25 in from the left edge
BOX_INSET = 2.0  # box borders sit this far left of their first column
LINES_PER_PAGE = 6  # service lines (box 24) per form
FIRST_SERVICE_LINE = 45  # print line of service line 1 (its shaded supplemental row is one above)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Shift in points (right, down) applied to every data element (pre-printed form alignment)."""

    right: float = 0.0
    down: float = 0.0


def column_x(column: int) -> float:
    return LEFT + (column - 1) * CHAR_WIDTH


def line_baseline(line: int) -> float:
    """PDF y (from the bottom) of the text baseline of print line `line` (1 = top)."""
    return PAGE_HEIGHT - line * LINE_HEIGHT + 3.0


def line_top(line: int) -> float:
    return PAGE_HEIGHT - (line - 1) * LINE_HEIGHT


@dataclass(frozen=True, slots=True)
class Box:
    """A box of the form: columns [first_column, end_column) and print lines first_line..last_line."""

    key: str
    caption: str
    first_column: int
    end_column: int
    first_line: int
    last_line: int

    def pdf_rect(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in PDF points, origin bottom-left."""
        x0 = column_x(self.first_column) - BOX_INSET
        x1 = column_x(self.end_column) - BOX_INSET
        return x0, PAGE_HEIGHT - self.last_line * LINE_HEIGHT, x1, line_top(self.first_line)

    def top_down_rect(self) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) measured from the top of the page, as pdfplumber reports words."""
        x0, y0, x1, y1 = self.pdf_rect()
        return x0, PAGE_HEIGHT - y1, x1, PAGE_HEIGHT - y0


BOXES: tuple[Box, ...] = (
    Box("carrier", "", 50, 81, 1, 4),
    Box("1", "1.", 1, 50, 7, 8),
    Box("1a", "1a. INSURED'S I.D. NUMBER (For Program in Item 1)", 50, 81, 7, 8),
    Box("2", "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 9, 10),
    Box("3", "3. PATIENT'S BIRTH DATE (MM DD YYYY)     SEX", 29, 50, 9, 10),
    Box("4", "4. INSURED'S NAME (Last Name, First Name, Middle Initial)", 50, 81, 9, 10),
    Box("5", "5. PATIENT'S ADDRESS (No., Street)", 1, 29, 11, 12),
    Box("6", "6. PATIENT RELATIONSHIP TO INSURED", 29, 50, 11, 12),
    Box("7", "7. INSURED'S ADDRESS (No., Street)", 50, 81, 11, 12),
    Box("5city", "CITY                                   STATE", 1, 29, 13, 14),
    Box("8", "8. RESERVED FOR NUCC USE", 29, 50, 13, 16),
    Box("7city", "CITY                                   STATE", 50, 81, 13, 14),
    Box("5zip", "ZIP CODE            TELEPHONE (Include Area Code)", 1, 29, 15, 16),
    Box("7zip", "ZIP CODE            TELEPHONE (Include Area Code)", 50, 81, 15, 16),
    Box("9", "9. OTHER INSURED'S NAME (Last Name, First Name, Middle Initial)", 1, 29, 17, 18),
    Box("10", "10. IS PATIENT'S CONDITION RELATED TO:", 29, 50, 17, 18),
    Box("11", "11. INSURED'S POLICY GROUP OR FECA NUMBER", 50, 81, 17, 18),
    Box("9a", "a. OTHER INSURED'S POLICY OR GROUP NUMBER", 1, 29, 19, 20),
    Box("10a", "a. EMPLOYMENT? (Current or Previous)", 29, 50, 19, 20),
    Box("11a", "a. INSURED'S DATE OF BIRTH (MM DD YYYY)     SEX", 50, 81, 19, 20),
    Box("9b", "b. RESERVED FOR NUCC USE", 1, 29, 21, 22),
    Box("10b", "b. AUTO ACCIDENT?                          PLACE (State)", 29, 50, 21, 22),
    Box("11b", "b. OTHER CLAIM ID (Designated by NUCC)", 50, 81, 21, 22),
    Box("9c", "c. RESERVED FOR NUCC USE", 1, 29, 23, 24),
    Box("10c", "c. OTHER ACCIDENT?", 29, 50, 23, 24),
    Box("11c", "c. INSURANCE PLAN NAME OR PROGRAM NAME", 50, 81, 23, 24),
    Box("9d", "d. INSURANCE PLAN NAME OR PROGRAM NAME", 1, 29, 25, 26),
    Box("10d", "10d. CLAIM CODES (Designated by NUCC)", 29, 50, 25, 26),
    Box("11d", "d. IS THERE ANOTHER HEALTH BENEFIT PLAN?", 50, 81, 25, 26),
    Box("12", "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE  SIGNED                    DATE", 1, 50, 27, 30),
    Box("13", "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE  SIGNED", 50, 81, 27, 30),
    Box("14", "14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)", 1, 29, 31, 32),
    Box("15", "15. OTHER DATE   QUAL.   MM DD YY", 29, 50, 31, 32),
    Box("16", "16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION", 50, 81, 31, 32),
    Box("17", "17. NAME OF REFERRING PROVIDER OR OTHER SOURCE", 1, 29, 33, 34),
    Box("17b", "17a.                 17b. NPI", 29, 50, 33, 34),
    Box("18", "18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES", 50, 81, 33, 34),
    Box("19", "19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)", 1, 50, 35, 36),
    Box("20", "20. OUTSIDE LAB?                   $ CHARGES", 50, 81, 35, 36),
    Box("21", "21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY  Relate A-L to service line below (24E)   ICD Ind.",
        1, 50, 37, 40),
    Box("22", "22. RESUBMISSION CODE        ORIGINAL REF. NO.", 50, 81, 37, 38),
    Box("23", "23. PRIOR AUTHORIZATION NUMBER", 50, 81, 39, 40),
    Box("24", "24. A. DATE(S) OF SERVICE  B. PLACE  C.  D. PROCEDURES, SERVICES, OR SUPPLIES  E. DIAGNOSIS "
        "F. $ CHARGES  G. UNITS  H. EPSDT  I. QUAL  J. RENDERING PROVIDER ID. #", 1, 81, 41, 55),
    Box("25", "25. FEDERAL TAX I.D. NUMBER", 1, 22, 56, 57),
    Box("26", "26. PATIENT'S ACCOUNT NO.", 22, 36, 56, 57),
    Box("27", "27. ACCEPT ASSIGNMENT?", 36, 50, 56, 57),
    Box("28", "28. TOTAL CHARGE", 50, 61, 56, 57),
    Box("29", "29. AMOUNT PAID", 61, 72, 56, 57),
    Box("30", "30. Rsvd for NUCC Use", 72, 81, 56, 57),
    Box("31", "31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS", 1, 22, 58, 63),
    Box("32", "32. SERVICE FACILITY LOCATION INFORMATION", 22, 50, 58, 63),
    Box("33", "33. BILLING PROVIDER INFO & PH #", 50, 81, 58, 63),
)
BOX_BY_KEY = {box.key: box for box in BOXES}


@dataclass(frozen=True, slots=True)
class Checkbox:
    """A check box of the form: the print (line, column) where its X goes, and its label, printed just left
    of the square (or right of it, `label_right`, as in box 1)."""

    box: str
    line: int
    column: int
    label: str
    label_right: bool = False

    def pdf_square(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) in PDF points around the X of print position (line, column)."""
        x0 = column_x(self.column) - 1.0
        y0 = line_baseline(self.line) - 2.0
        return x0, y0, x0 + CHAR_WIDTH + 2.0, y0 + 10.5


def _row(box_key: str, line: int, labelled: tuple[tuple[int, str], ...], right: bool = False) -> tuple[Checkbox, ...]:
    return tuple(Checkbox(box_key, line, column, label, right) for column, label in labelled)


# Where values.py puts its X: each square is drawn there, so an X always sits in the box its label names.
CHECKBOXES: tuple[Checkbox, ...] = (
    *_row("1", 8, ((1, "MEDICARE"), (8, "MEDICAID"), (15, "TRICARE"), (23, "CHAMPVA"), (30, "GROUP HLTH PLAN"),
                   (38, "FECA BLK LUNG"), (45, "OTHER")), right=True),
    *_row("3", 10, ((42, "M"), (47, "F"))),
    *_row("6", 12, ((32, "Self"), (37, "Spouse"), (42, "Child"), (47, "Other"))),
    *_row("10a", 20, ((36, "YES"), (41, "NO"))),
    *_row("10b", 22, ((36, "YES"), (41, "NO"))),
    *_row("10c", 24, ((36, "YES"), (41, "NO"))),
    *_row("11a", 20, ((68, "M"), (75, "F"))),
    *_row("11d", 26, ((52, "YES"), (57, "NO"))),
    *_row("20", 36, ((52, "YES"), (57, "NO"))),
    *_row("25", 57, ((16, "SSN"), (19, "EIN"))),
    *_row("27", 57, ((37, "YES"), (42, "NO"))),
)

# Box 24 columns: (first column, end column) of A-from, A-to, B, C, D, E, F, G, H, I, J.
SERVICE_COLUMNS = {
    "A_from": (1, 10), "A_to": (10, 19), "B": (19, 22), "C": (22, 25), "D": (25, 45), "E": (45, 50),
    "F": (50, 59), "G": (59, 63), "H": (63, 65), "I": (65, 68), "J": (68, 81),
}


def service_line_print_line(index: int) -> int:
    """Print line of the unshaded row of service line `index` (0..5) on a page."""
    return FIRST_SERVICE_LINE + 2 * index


def service_cell(index: int, column: str, shaded: bool = False) -> Box:
    first, end = SERVICE_COLUMNS[column]
    line = service_line_print_line(index) - (1 if shaded else 0)
    return Box(f"24{column}{index + 1}{'s' if shaded else ''}", "", first, end, line, line)


def box(key: str) -> Box:
    return BOX_BY_KEY[key]
