"""What the practice asks of a trading partner (a clearinghouse, or a payer it reaches directly).

    name = partner.file_name(7, now)                     # the partner's naming: "acme-000000007.837"
    partner.submit(name, text)                           # -> where it went, as text
    for name in partner.waiting():                       # answers to collect (999, 277CA, 835, ...)
        data = partner.fetch(name); ...; partner.archive(name)
    text_271 = partner.payer_desk().ask(text_270)        # real time: 270 -> 271, 276 -> 277
    partner.check()                                      # what `clearinghouse test-connection` reports

Files are named by text, never by a local path, so a partner may live elsewhere (an SFTP server):
the names are the partner's, `submit`/`where_submitted`/`archive` say where a file lies in words the
user can read. Every call site types its partner as `Clearinghouse`; adapters are in this package.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from revcycle.edi.envelope import EnvelopeSettings


class PayerDesk(Protocol):
    """A real-time line to the payer: one X12 question (270, 276) in, its answer (271, 277) out."""

    def ask(self, text: str) -> str: ...


class Clearinghouse(Protocol):
    settings: EnvelopeSettings  # our envelope to this partner (its name numbers our interchanges)

    def file_name(self, isa13: int, created: dt.datetime) -> str:
        """The name the partner wants for the file carrying interchange `isa13` (`naming.file_name`)."""
        ...

    def submit(self, file_name: str, text: str) -> str:
        """Hand `text` over as `file_name` (never half a file, never over an earlier one: CONFLICT);
        where it went."""
        ...

    def where_submitted(self, file_name: str) -> str:
        """Where a file we submitted lies at the partner (a path or an address)."""
        ...

    def waiting(self) -> list[str]:
        """Names of the files waiting to be collected, in name order."""
        ...

    def fetch(self, name: str) -> bytes:
        """The bytes of a waiting file."""
        ...

    def archive(self, name: str) -> str:
        """Put a collected file aside (it is no longer waiting); where it went."""
        ...

    def payer_desk(self) -> PayerDesk:
        """The real-time line (270 -> 271, 276 -> 277); VALIDATION when the partner has none."""
        ...

    def check(self) -> list[str]:
        """Reach the partner, look at its folders, write and remove a probe file where our files go: what
        was seen, line by line; a RevcycleError saying plainly what failed."""
        ...
