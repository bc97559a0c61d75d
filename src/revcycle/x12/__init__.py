"""Pure X12 5010 EDI: delimiters, envelopes, segments, one package per transaction guide; lossless read and write.

Public API (see docs.md):
    read_x12(data, strict=False, typed=True, validate=False) -> X12File
    read_document(data, strict=False) -> X12Document          (segments and envelopes only)
    write_interchange(header, groups, delimiters, line_break) -> str
    acknowledge(result, AckHeader) -> str                     (a 999 for a file we received)
    X12Error, X12Problem, Delimiters, LoopNode, GUIDES, guide_for
"""

from revcycle.x12.delimiters import Delimiters
from revcycle.x12.document import X12Document, read_document
from revcycle.x12.errors import X12Error, X12Problem
from revcycle.x12.guides import GUIDES, Guide, guide_for
from revcycle.x12.guides.x999.write import AckHeader, acknowledge
from revcycle.x12.loops import LoopNode
from revcycle.x12.reader import ParsedTransaction, X12File, read_x12
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, write_interchange

__all__ = [
    "GUIDES",
    "AckHeader",
    "Delimiters",
    "Group",
    "Guide",
    "InterchangeHeader",
    "LoopNode",
    "ParsedTransaction",
    "Transaction",
    "X12Document",
    "X12Error",
    "X12File",
    "X12Problem",
    "acknowledge",
    "guide_for",
    "read_document",
    "read_x12",
    "write_interchange",
]
