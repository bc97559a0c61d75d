"""`python -m revcycle.codesets.search.build [--corpus DIR]`: compile the ICD-10-CM search index.

Reads the FY2025 Alphabetic Index (flattened CSV), the External Cause Index, the Table of
Drugs and Chemicals and the Neoplasm Table (official XML) from `<corpus>/icd10/index_fy2025/`
and the Tabular List of every release in the release table; writes
`revcycle/codesets/search/data/icd10cm_search_index.bin.gz` and prints what it counted.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

from revcycle.codesets.search.build.index_entries import table_entries, tree_entries
from revcycle.codesets.search.build.neoplasm_refs import NeoplasmReferences
from revcycle.codesets.search.build.nodes import read_alphabetic_csv, read_index_xml
from revcycle.codesets.search.build.tabular_entries import release_sources, tabular_entries
from revcycle.codesets.search.compiler import compile_entries
from revcycle.codesets.search.entries import Entry
from revcycle.codesets.search.store import INDEX_FILE, write_index

INDEX_DIR = "icd10/index_fy2025"
ALPHABETIC_CSV = "ICD10CM_2025_Index.csv"
# words a coder types for a table column; optional words, so they rank the column, never hide it
DRUG_COLUMN_WORDS = {
    2: "poisoning accidental unintentional overdose",
    3: "poisoning intentional self harm suicide suicidal attempt overdose",
    4: "poisoning assault homicide",
    5: "poisoning undetermined",
    6: "adverse effect side reaction",
    7: "underdosing underdose",
}
NEOPLASM_COLUMN_WORDS = {
    2: "malignant primary cancer carcinoma malignancy",
    3: "malignant secondary metastatic metastasis mets cancer carcinoma malignancy",
    4: "carcinoma in situ cis",
    5: "benign",
    6: "uncertain behavior",
    7: "unspecified behavior tumor",
}


def default_corpus() -> Path:
    shared = os.environ.get("REVCYCLE_SHARED_DIR")
    if shared:
        return Path(shared) / "corpus"
    return Path(__file__).resolve().parents[6] / "shared" / "corpus"


def collect_entries(corpus: Path, stats: Counter[str]) -> list[Entry]:
    folder = corpus / INDEX_DIR
    neoplasm_root, neoplasm_headings = read_index_xml(folder / "icd-10-cm-neoplasm-2025.xml")
    neoplasm_references = NeoplasmReferences(neoplasm_root).resolve
    alphabetic_root = read_alphabetic_csv(folder / ALPHABETIC_CSV)
    entries = tree_entries(alphabetic_root, "index", stats, elsewhere=neoplasm_references)
    eindex_root, _ = read_index_xml(folder / "icd-10-cm-eindex-2025.xml")
    entries += tree_entries(eindex_root, "eindex", stats)
    drug_root, drug_headings = read_index_xml(folder / "icd-10-cm-drug-2025.xml")
    entries += table_entries(drug_root, "drug", drug_headings, DRUG_COLUMN_WORDS, stats)
    entries += table_entries(neoplasm_root, "neoplasm", neoplasm_headings, NEOPLASM_COLUMN_WORDS, stats)
    entries += tabular_entries(release_sources(corpus), stats)
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default_corpus(), help="the shared corpus folder")
    parser.add_argument("--out", type=Path, default=INDEX_FILE)
    args = parser.parse_args(argv)
    stats: Counter[str] = Counter()
    entries = collect_entries(args.corpus, stats)
    arrays, strings = compile_entries(entries)
    about = {
        "sources": [f"{INDEX_DIR}/{ALPHABETIC_CSV}", f"{INDEX_DIR}/icd-10-cm-{{eindex,drug,neoplasm}}-2025.xml",
                    "Tabular List of every release in codesets/data/icd10cm_releases.json"],
        "entries": len(entries),
        "counts": dict(sorted(stats.items())),
    }
    size = write_index(args.out, about, arrays, strings)
    for name, count in sorted(stats.items()):
        print(f"{name:45} {count:>8}")
    print(f"{'entries':45} {len(entries):>8}")
    print(f"{'vocabulary':45} {len(strings['vocabulary']):>8}")
    print(f"wrote {args.out} ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
