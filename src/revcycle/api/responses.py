"""File answers shared by the API routes and the web pages: PDFs written by a service to a path."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import Response


def pdf_response(content: bytes, file_name: str, download: bool = False) -> Response:
    disposition = "attachment" if download else "inline"
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{file_name}"'})  # fmt: skip


def written_pdf(file_name: str, write: Callable[[Path], object], download: bool = False) -> Response:
    """The PDF `write(path)` makes, read back from a temporary folder (nothing stays on the server)."""
    with tempfile.TemporaryDirectory(prefix="revcycle-pdf-") as folder:
        out = Path(folder) / file_name
        write(out)
        content = out.read_bytes()
    return pdf_response(content, file_name, download)
