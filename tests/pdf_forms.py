"""Read-back helpers for the printed claim forms (CMS-1500, UB-04): their data words and their colours."""

import subprocess
from pathlib import Path

import pdfplumber


def words_by_page(pdf_path: Path) -> list[list[dict]]:
    """The data words of each page (Courier; the form's captions are Helvetica)."""
    with pdfplumber.open(pdf_path) as pdf:
        return [[w for w in page.extract_words(extra_attrs=["fontname"]) if w["fontname"] == "Courier"]
                for page in pdf.pages]  # fmt: skip


def red_and_dark_pixels(pdf_path: Path, tmp_path: Path, dpi: int) -> tuple[int, int]:
    """Render page 1 to a PPM with pdftoppm and count drop-out red pixels and dark (data) pixels."""
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "page")], check=True
    )
    [image] = list(tmp_path.glob("page*.ppm"))
    data = image.read_bytes()
    magic, width, height, maxval, _pixels = data.split(maxsplit=4)  # binary PPM: P6 width height 255 pixels
    pixels = data[len(data) - int(width) * int(height) * 3 :]
    red = dark = 0
    for i in range(0, len(pixels), 3):
        r, g, b = pixels[i], pixels[i + 1], pixels[i + 2]
        if r > 150 and g < 110 and b < 110:
            red += 1
        elif r < 90 and g < 90 and b < 90:
            dark += 1
    image.unlink()
    assert magic == b"P6" and maxval == b"255"
    return red, dark
