from datetime import date

from typer.testing import CliRunner

from revcycle.cli.codes import app
from revcycle.codesets import ncci, ncci_mue
from revcycle.codesets.ncci import PtpEdit, load_ptp_file

CMS_PTP = (
    "CPT codes, descriptions and other data only are copyright 2025 American Medical Association.\n"
    "\n"
    "Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\t"
    "Modifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n"
    "11104\t11102\t\t20190101\t*\t0\tCPT Manual or CMS manual coding instructions\n"
    "20610\t96372\t\t20190101\t20260401\t1\tStandards of medical / surgical practice\n"
    "20610\t96372\t\t20260701\t*\t0\tStandards of medical / surgical practice\n"
    "99999\t11111\t*\t19960101\t19990101\t9\tdeleted\n"
)


def test_demo_subset_ships_with_the_product():
    # given the shipped demo subset
    table = ncci.demo_ptp()
    # then it is small and holds the well-known pairs
    assert len(table) == 956
    assert table.edit_for("11102", "99213", date(2026, 3, 2)) == PtpEdit("11102", "99213", date(2020, 10, 1), None, 1)
    assert table.edit_for("99213", "11102", date(2026, 3, 2)) is None  # order matters
    assert table.edit_for("11102", "99213", date(2020, 9, 30)) is None  # not yet in force


def test_cms_ptp_layout_with_preamble_tabs_and_deletion_dates(tmp_path):
    # given a CMS practitioner PTP text file
    path = tmp_path / "ccipra.txt"
    path.write_text(CMS_PTP, encoding="utf-8")
    # when loaded
    table = load_ptp_file(path)
    # then a deletion date is the first day the edit no longer applies, and indicator 9 never fires
    assert len(table) == 4
    assert table.edit_for("20610", "96372", date(2026, 3, 31)).modifier_indicator == 1
    assert table.edit_for("20610", "96372", date(2026, 4, 1)) is None
    assert table.edit_for("20610", "96372", date(2026, 7, 1)).modifier_indicator == 0
    assert table.edit_for("99999", "11111", date(1997, 1, 1)) is None
    assert [(e.column1, e.column2) for e in table.edits_among(["11102", "20610", "11104"], date(2026, 1, 5))] == [
        ("11104", "11102")]


def test_import_ncci_command_keeps_the_table_for_the_scrubber(tmp_path, monkeypatch):
    # given an empty user data directory and a CMS PTP file and an MUE file
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path / "data"))
    ptp = tmp_path / "ptp.txt"
    ptp.write_text(CMS_PTP, encoding="utf-8")
    mue = tmp_path / "mue.csv"
    mue.write_text("Copyright notice\nHCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,"
                   "MUE Rationale\n36415,1,2 Date of Service Edit: Policy,Nature of Service\n", encoding="utf-8")
    runner = CliRunner()
    # when both are imported
    first = runner.invoke(app, ["import-ncci", str(ptp)])
    second = runner.invoke(app, ["import-ncci", str(mue)])
    # then the tables in use are the imported ones
    assert first.exit_code == 0, first.output
    assert "imported 4 NCCI PTP rows" in first.output
    assert second.exit_code == 0 and "imported 1 NCCI MUE rows" in second.output
    assert len(ncci.ptp_table()) == 4
    assert ncci_mue.mue_table().limit_for("36415") == ncci_mue.MueLimit("36415", 1, 2, "Nature of Service")


def test_import_ncci_rejects_a_file_of_another_kind(tmp_path, monkeypatch):
    monkeypatch.setenv("REVCYCLE_DATA_DIR", str(tmp_path / "data"))
    other = tmp_path / "other.csv"
    other.write_text("code,title\n99213,visit\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import-ncci", str(other)])
    assert result.exit_code == 2
    assert "neither an NCCI PTP file" in result.output


def test_addon_primaries_by_date():
    assert ncci.addon_primaries("99417", date(2026, 1, 1)) == frozenset({"99205", "99215"})
    assert ncci.addon_primaries("99417", date(2020, 12, 31)) == frozenset()
    assert ncci.addon_primaries("99213", date(2026, 1, 1)) is None
