"""Derive the specs of the eligibility, claim status, acknowledgement guides from pyx12's maps.

    python tools/derive_specs.py .venv/lib/python3.11/site-packages/pyx12/map

pyx12 ships 5010 maps for 277 X212, 277CA X214 and 999 X231A1 (generated as they are, with the
277 X212 hierarchy nested as the TR3 draws it: 2000A > 2000B > 2000C > 2000D > 2000E). It has no
5010 maps for 270/271 (X279A1) or 276 (X212): those are derived from its 4010 maps (X092A1,
X093A1), whose loop layout 5010 kept, with the 5010 changes applied below (segments added,
qualifiers changed). Code lists the 4010 maps hold but 5010 extended (service types, NM1 entity
codes of benefit related entities, REF/DTP/AAA qualifiers, PRV, III, HSD) are relaxed to the
element's type and length; the qualifiers the loop engine needs (HL03, NM101, REF01 where a loop
has several REFs) keep exact lists. Each spec is written where the guide registry reads it
(`Guide.spec_file`: `src/revcycle/x12/guides/<folder>/data/spec_<key>.json`).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from spec_from_pyx12 import spec_from_map

from revcycle.x12.guides import GUIDES

RELAXED_271 = (
    "EB03",
    "EB04",
    "EB06",
    "EB09",
    "EQ01",
    "EQ04",
    "REF01",
    "DTP01",
    "AAA03",
    "PRV01",
    "PRV02",
    "III01",
    "III02",
    "HSD01",
    "HSD03",
    "HSD05",
    "HSD07",
    "HSD08",
    "N405",
    "PER03",
    "PER05",
    "PER07",
    "NM108",
    "INS02",
    "INS03",
    "INS04",
    "INS17",
    "BHT02",
    "TRN01",
    "AMT01",
    "N402",
    "N404",
)


def find_loop(node: dict, loop_id: str) -> dict:
    if node.get("loop") == loop_id:
        return node
    for item in node.get("items", []):
        if "loop" in item:
            try:
                return find_loop(item, loop_id)
            except KeyError:
                pass
    raise KeyError(loop_id)


def segment_index(loop: dict, segment_id: str, code: str | None = None) -> int:
    for index, item in enumerate(loop["items"]):
        if item.get("seg") == segment_id and (code is None or code in (item["elements"][0][5] or [])):
            return index
    raise KeyError(f"{segment_id} {code} in {loop['loop']}")


def segment(segment_id: str, name: str, usage: str, elements: list) -> dict:
    return {"seg": segment_id, "name": name, "usage": usage, "max": 1, "elements": elements}


def fix_composites(node: dict) -> None:
    """4010 maps leave composites unnamed: name them by position (EB13, SVC01)."""
    for item in node.get("items", []):
        if "loop" in item:
            fix_composites(item)
            continue
        for position, element in enumerate(item["elements"], start=1):
            if isinstance(element, dict) and not element["composite"]:
                element["composite"] = f"{item['seg']}{position:02d}"


def relax(node: dict, refs: tuple[str, ...]) -> None:
    for item in node.get("items", []):
        if "loop" in item:
            relax(item, refs)
            continue
        for element in item["elements"]:
            parts = element["components"] if isinstance(element, dict) else [element]
            for part in parts:
                if part[0] in refs:
                    part[5] = None


def set_codes(loop: dict, segment_id: str, position: int, codes: list[str] | None, at: int = 0) -> None:
    matches = [item for item in loop["items"] if item.get("seg") == segment_id]
    matches[at]["elements"][position - 1][5] = codes


def move_loop(root: dict, loop_id: str, parent_id: str) -> None:
    """Take a loop out of wherever it sits and append it to `parent_id` (TR3 nesting)."""
    for node in [root, *_loops(root)]:
        for item in list(node.get("items", [])):
            if item.get("loop") == loop_id:
                node["items"].remove(item)
                find_loop(root, parent_id)["items"].append(item)
                return


def _loops(node: dict) -> list[dict]:
    found = []
    for item in node.get("items", []):
        if "loop" in item:
            found += [item, *_loops(item)]
    return found


HI = segment(
    "HI",
    "Health Care Diagnosis Code",
    "S",
    [
        {
            "composite": f"HI{n:02d}",
            "usage": "R" if n == 1 else "S",
            "components": [
                [f"HI{n:02d}-01", "R", "ID", 1, 3, ["ABK", "ABF", "BK", "BF"], "1270"],
                [f"HI{n:02d}-02", "R", "AN", 1, 30, None, "1271"],
            ],
        }
        for n in range(1, 9)
    ],
)
MPI = segment(
    "MPI",
    "Military Personnel Information",
    "S",
    [
        ["MPI01", "R", "ID", 1, 1, None, "1201"],
        ["MPI02", "R", "ID", 2, 2, None, "584"],
        ["MPI03", "R", "ID", 1, 2, None, "1595"],
        ["MPI04", "S", "AN", 1, 80, None, "352"],
        ["MPI05", "S", "ID", 1, 2, None, "1596"],
        ["MPI06", "S", "ID", 2, 3, None, "1250"],
        ["MPI07", "S", "AN", 1, 35, None, "1251"],
    ],
)


POINTERS = {"composite": "", "usage": "S", "components": [
    ["C004-01", "R", "N0", 1, 2, None, "1328"], ["C004-02", "S", "N0", 1, 2, None, "1328"],
    ["C004-03", "S", "N0", 1, 2, None, "1328"], ["C004-04", "S", "N0", 1, 2, None, "1328"]]}


def eligibility(base: dict, set_id: str) -> dict:
    spec = copy.deepcopy(base)
    fix_composites(spec)
    relax(spec, RELAXED_271)
    spec["items"][0]["elements"][2:] = [["ST03", "R", "AN", 1, 35, ["005010X279A1", "005010X279"], "1705"]]
    receiver = find_loop(spec, "2100B")
    for member in ("C", "D"):
        name_loop = find_loop(spec, f"2100{member}")
        name_loop["items"].insert(segment_index(name_loop, "INS") + 1, copy.deepcopy(HI))
        name_loop["items"].insert(segment_index(name_loop, "DTP") + 1, copy.deepcopy(MPI))
        if set_id == "271":
            prv = segment(
                "PRV",
                "Provider Information",
                "S",
                [
                    ["PRV01", "R", "ID", 1, 3, None, "1221"],
                    ["PRV02", "R", "ID", 2, 3, None, "128"],
                    ["PRV03", "R", "AN", 1, 50, None, "127"],
                ],
            )
            name_loop["items"].insert(segment_index(name_loop, "AAA") + 1, prv)
    if set_id == "270":  # 5010: spend-down (R) and billed (PB) amounts
        benefit = find_loop(spec, "2110C")
        benefit["items"][segment_index(benefit, "AMT")]["max"] = 2
    for member in ("C", "D"):  # 5010 adds the diagnosis code pointer composite (C004) to EQ and EB
        first = find_loop(spec, f"2110{member}")["items"][0]
        first["elements"].append(copy.deepcopy(POINTERS) | {"composite": f"{first['seg']}{len(first['elements']) + 1:02d}"})
    if set_id == "271":
        donor = find_loop(spec, "2100C")
        for seg_id in ("N3", "N4"):
            receiver["items"].insert(
                segment_index(receiver, "AAA"), copy.deepcopy(donor["items"][segment_index(donor, seg_id)])
            )
        receiver["items"].append(copy.deepcopy(donor["items"][segment_index(donor, "PRV")]))
        for member in ("C", "D"):
            find_loop(spec, f"2120{member}")["items"][0]["elements"][0][5] = None
            find_loop(spec, f"2120{member}")["repeat"] = 23
    return spec


def claim_status_response(base: dict, acknowledgment: dict) -> dict:
    """The X212 277 map: the HL levels nested as the TR3 draws them, SE added, entity codes relaxed."""
    spec = copy.deepcopy(base)
    move_loop(spec, "2000C", "2000B")
    move_loop(spec, "2000D", "2000C")
    move_loop(spec, "2000E", "2000D")
    if spec["items"][-1].get("seg") != "SE":
        spec["items"].append(copy.deepcopy(acknowledgment["items"][-1]))
    relax(spec, ("STC01-03", "STC10-03", "STC11-03"))
    return spec


def functional_ack(base: dict) -> dict:
    """997: 4010 map plus the 5010 (X230) ST03 and AK103; AK101/AK201 acknowledge any set."""
    spec = copy.deepcopy(base)
    spec["items"][0]["elements"][2:] = [["ST03", "S", "AN", 1, 35, None, "1705"]]
    spec["items"][1]["elements"][2:] = [["AK103", "S", "AN", 1, 12, None, "480"]]
    relax(spec, ("AK101", "AK201"))
    return spec


def claim_status_inquiry(base: dict, response: dict) -> dict:
    spec = copy.deepcopy(base)
    fix_composites(spec)
    spec["items"][0]["elements"][2:] = [["ST03", "R", "AN", 1, 35, ["005010X212"], "1705"]]
    bht = copy.deepcopy(response["items"][1])
    bht["elements"][1][5] = ["13"]
    bht["elements"][5][1] = "N"  # BHT06 is not used in the 276
    spec["items"][1] = bht
    set_codes(find_loop(spec, "2100D"), "NM1", 1, ["IL"])
    for member in ("D", "E"):
        loop = find_loop(spec, f"2200{member}")
        donor = loop["items"][segment_index(loop, "REF", "1K")]
        refs = [
            ("1K", "Payer Claim Control Number"),
            ("BLT", "Institutional Bill Type Identification"),
            ("LU", "Application or Location System Identifier"),
            ("6P", "Group Number"),
            ("EJ", "Patient Control Number"),
            ("XZ", "Pharmacy Prescription Number"),
            ("D9", "Claim Identification Number for Clearinghouses"),
        ]
        new_refs = []
        for code, name in refs:
            ref = copy.deepcopy(donor)
            ref["name"], ref["elements"][0][5] = name, [code]
            new_refs.append(ref)
        loop["items"] = [item for item in loop["items"] if item.get("seg") != "REF"]
        loop["items"][1:1] = new_refs
        set_codes(loop, "DTP", 1, ["472"])
        set_codes(loop, "DTP", 2, ["D8", "RD8"])
        set_codes(find_loop(spec, f"2210{member}"), "DTP", 2, ["D8", "RD8"])
    return spec


def main(argv: list[str]) -> int:
    maps = Path(argv[0]) if argv else None
    if maps is None or not maps.is_dir():
        print(__doc__)
        return 2
    acknowledgment = spec_from_map(maps / "277.5010.X214.xml")
    status = claim_status_response(spec_from_map(maps / "277.5010.X212.xml"), acknowledgment)
    outputs = {
        "270": eligibility(spec_from_map(maps / "270.4010.X092.A1.xml"), "270"),
        "271": eligibility(spec_from_map(maps / "271.4010.X092.A1.xml"), "271"),
        "276": claim_status_inquiry(spec_from_map(maps / "276.4010.X093.A1.xml"), status),
        "277": status,
        "277ca": acknowledgment,
        "999": spec_from_map(maps / "999.5010X231.A1.xml"),
        "997": functional_ack(spec_from_map(maps / "997.4010.xml")),
    }
    outputs["271"]["code_additions"] = {"EB12": ["W"]}
    outputs["271"]["code_additions_reason"] = "5010 EB12 adds W (not applicable) to the 4010 list"
    outputs["999"]["code_additions"] = {"ST03": ["005010X231"]}
    outputs["999"]["code_additions_reason"] = (
        "999s of the first 5010 release say 005010X231 (pyx12 reads both)"
    )
    spec_files = {guide.key: guide.spec_file for guide in GUIDES}
    for key, spec in outputs.items():
        fix_composites(spec)
        spec["derived_by"] = "python tools/derive_specs.py (see its docstring)"
        spec_files[key].write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
