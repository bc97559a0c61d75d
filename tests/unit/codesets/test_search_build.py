"""The index build on small hand-written sources: CSV and XML trees, see references, table columns."""

from __future__ import annotations

from collections import Counter

from revcycle.codesets.search.build.index_entries import table_entries, tree_entries
from revcycle.codesets.search.build.neoplasm_refs import NeoplasmReferences
from revcycle.codesets.search.build.nodes import read_alphabetic_csv, read_index_xml

ALPHABETIC_CSV = """RowID,Letter,Level,Term,See,SeeAlso,NonEssModif,Code
1,A,0,Adenocarcinoma,,,,
2,A,1,alveolar,"Neoplasm, lung, malignant",,,
3,A,1,by site,"Neoplasm, malignant, by site",,,
4,F,0,"Fracture, burst",,,,S12.9
5,F,0,"Fracture, traumatic",,,(abduction) (adduction),
6,F,1,radius,,,,S52.9-
7,F,2,distal end,"Fracture, radius, lower end",,,
8,F,2,lower end,,,,S52.50-
9,F,0,Abnormal,,,,
10,F,1,gravitational,,,(G) forces or states (effect of),T75.81
"""

NEOPLASM_XML = """<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index><version>2025</version>
<indexHeading><head col="1">Neoplasm</head><head col="2">Malignant Primary</head>
<head col="3">Malignant Secondary</head><head col="5">Benign</head></indexHeading>
<letter><title>N</title><mainTerm><title>Neoplasm, neoplastic</title>
<cell col="2">C80.1</cell><cell col="3">C79.9</cell><cell col="5">D36.9</cell>
<term level="1"><title>lung<nemod>(parenchyma)</nemod></title>
<cell col="2">C34.9-</cell><cell col="3">C78.0-</cell><cell col="5">--</cell></term>
</mainTerm></letter></ICD10CM.index>
"""


def _alphabetic(tmp_path):
    path = tmp_path / "index.csv"
    path.write_text(ALPHABETIC_CSV, encoding="utf-8")
    return read_alphabetic_csv(path)


def _neoplasm(tmp_path):
    path = tmp_path / "neoplasm.xml"
    path.write_text(NEOPLASM_XML, encoding="utf-8")
    return read_index_xml(path)


def test_alphabetic_entries_follow_see_references_and_keep_text_after_a_modifier(tmp_path):
    # given
    root = _alphabetic(tmp_path)
    neoplasm_root, _ = _neoplasm(tmp_path)
    stats: Counter[str] = Counter()
    # when
    entries = tree_entries(root, "index", stats, elsewhere=NeoplasmReferences(neoplasm_root).resolve)
    # then
    assert [(e.code, e.path, e.see, e.incomplete) for e in entries] == [
        ("C34.9", "Adenocarcinoma > alveolar", "Neoplasm, lung, malignant", True),
        ("S12.9", "Fracture, burst", "", False),
        ("S52.9", "Fracture, traumatic > radius", "", True),
        ("S52.50", "Fracture, traumatic > radius > distal end", "Fracture, radius, lower end", True),
        ("S52.50", "Fracture, traumatic > radius > lower end", "", True),
        ("T75.81", "Abnormal > gravitational forces or states", "", False),
    ]
    assert stats == Counter({"index: see followed": 2, "index: see not followed": 1, "index: entries": 6})
    fracture = entries[2]
    assert (fracture.essential, fracture.optional) == ("Fracture > radius", "traumatic (abduction) (adduction)")


def test_neoplasm_table_gives_one_entry_per_filled_column_with_the_main_term_optional(tmp_path):
    # given
    root, headings = _neoplasm(tmp_path)
    # when
    entries = table_entries(root, "neoplasm", headings, {3: "metastatic"}, Counter())
    # then
    assert [(e.code, e.path, e.column, e.incomplete) for e in entries] == [
        ("C80.1", "Neoplasm", "Malignant Primary", False),
        ("C79.9", "Neoplasm", "Malignant Secondary", False),
        ("D36.9", "Neoplasm", "Benign", False),
        ("C34.9", "Neoplasm > lung", "Malignant Primary", True),
        ("C78.0", "Neoplasm > lung", "Malignant Secondary", True),
    ]
    secondary_lung = entries[4]
    assert (secondary_lung.essential, secondary_lung.optional) == ("lung", "Neoplasm, neoplastic (parenchyma) metastatic")
