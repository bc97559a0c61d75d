"""Index trees -> entries: one entry per term with a code, `see` references followed.

A main term's first comma part is essential ("Fracture" of "Fracture, traumatic"); the
rest of it and every non-essential modifier on the path are optional words.

A `see` reference ("Fracture, radius, lower end") is resolved at build time by walking the
same tree: the longest comma-prefix that names a main term, then one subterm per remaining
part. When the target has a code, the referring term becomes an entry for that code with
the reference kept for display. References that cannot be walked ("Neoplasm, malignant, by
site", "Table of Drugs and Chemicals", targets without a code of their own) give no entry;
the build prints how many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from revcycle.codesets.search.build.nodes import IndexNode
from revcycle.codesets.search.entries import Entry, clean_code
from revcycle.codesets.search.text import main_term_display, without_modifiers, words


def _key(text: str) -> str:
    return " ".join(words(without_modifiers(text)))


class SeeResolver:
    """Follows `see` text to a node of the same tree."""

    def __init__(self, root: IndexNode) -> None:
        self.main_terms: dict[str, list[IndexNode]] = {}
        for node in root.children:
            for key in dict.fromkeys((_key(node.title), _key(node.title.split(",")[0]))):
                self.main_terms.setdefault(key, []).append(node)

    def resolve(self, see: str) -> IndexNode | None:
        """The node `see` names; main terms sharing a first word ("Fracture, burst",
        "Fracture, traumatic") are each tried in document order."""
        parts = [part.strip() for part in see.split(",") if part.strip()]
        for cut in range(len(parts), 0, -1):
            for main in self.main_terms.get(_key(", ".join(parts[:cut])), ()):
                found = _walk(main, parts[cut:])
                if found is not None:
                    return found
        return None


def _child_named(node: IndexNode, part: str) -> IndexNode | None:
    wanted = _key(part)
    for child in node.children:
        if wanted in (_key(child.title), _key(child.title.split(",")[0])):
            return child
    for child in node.children:
        if wanted and _key(child.title).startswith(wanted):
            return child
    return None


def _walk(node: IndexNode, parts: list[str]) -> IndexNode | None:
    for part in parts:
        child = _child_named(node, part)
        if child is None:
            return None
        node = child
    return node


def _all_nodes(root: IndexNode) -> Iterator[IndexNode]:
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _path_words(node: IndexNode) -> tuple[str, str, str]:
    """(display path, essential text, optional text) of a node; the display path is the
    index path without its non-essential modifiers and its main term's other spellings
    ("Diabetes > type 2 > with > neuropathy"), levels joined by " > "."""
    levels = node.levels()
    main, _, main_rest = levels[0].partition(",")
    essential = " > ".join([main, *levels[1:]])
    display = " > ".join([main_term_display(levels[0]), *levels[1:]])
    return display, essential, f"{main_rest} {node.modifier_text()}".strip()


def tree_entries(
    root: IndexNode, source: str, stats: Counter[str], elsewhere: Callable[[str], IndexNode | None] | None = None
) -> list[Entry]:
    """Entries of an Alphabetic or External Cause Index tree; `elsewhere` follows the
    references the tree itself cannot (into the Neoplasm Table)."""
    resolver = SeeResolver(root)
    entries: list[Entry] = []
    for node in _all_nodes(root):
        target, see = node, ""
        if not node.code and node.see:
            resolved = resolver.resolve(node.see)
            if (resolved is None or not resolved.code) and elsewhere is not None:
                resolved = elsewhere(node.see)
            if resolved is None or not resolved.code:
                stats[f"{source}: see not followed"] += 1
                continue
            target, see = resolved, node.see
            stats[f"{source}: see followed"] += 1
        code, incomplete = clean_code(target.code)
        if not code:
            continue
        path, essential, optional = _path_words(node)
        entries.append(
            Entry(code, path, source, essential, optional, see=see, incomplete=incomplete, depth=len(node.chain()) - 1)
        )
    stats[f"{source}: entries"] += len(entries)
    return entries


def table_entries(
    root: IndexNode, source: str, headings: dict[int, str], column_words: dict[int, str], stats: Counter[str]
) -> list[Entry]:
    """Entries of the Drug or Neoplasm table: one per term and filled column.

    For the Neoplasm Table the main term ("Neoplasm, neoplastic") is optional: the table is
    only about neoplasms, so "lung" alone fully matches "Neoplasm, neoplastic > lung".
    """
    entries: list[Entry] = []
    for node in _all_nodes(root):
        path, essential, optional = _path_words(node)
        if source == "neoplasm":
            levels = node.levels()
            essential = " > ".join(levels[1:])
            optional = f"{levels[0]} {node.modifier_text()}"
        for column, raw in sorted(node.cells.items()):
            code, incomplete = clean_code(raw)
            if not code or column not in headings:
                continue
            entries.append(
                Entry(
                    code, path, source, essential, f"{optional} {column_words.get(column, '')}".strip(),
                    column=headings[column], incomplete=incomplete, depth=len(node.chain()) - 1,
                )
            )
    stats[f"{source}: entries"] += len(entries)
    return entries
