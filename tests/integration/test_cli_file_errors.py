"""CLI commands given a file they cannot use end in one clear line (exit 2 or 1), never a traceback:
`claims print --out` into a missing folder, `x12 parse` on a file that is not X12 or is cut short,
`x12 validate` on an empty file."""

from datetime import date, timedelta
from pathlib import Path

from claims_setup import NOW, setup_practice
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.kernel import FixedClock
from revcycle.store import UnitOfWork, make_engine

runner = CliRunner()
README = Path(__file__).parents[2] / "README.md"
REMIT_835 = (
    "ISA*00*          *00*          *ZZ*ACME           *ZZ*CLINIC01       *260415*1200*^*00501*000000001*0*T*:~"
    "GS*HP*ACME*CLINIC01*20260415*1200*1*X*005010X221A1~ST*835*0001~BPR*I*80*C*ACH*CCP*01*999999999*DA*123456"
    "*1234567890**01*888888888*DA*654321*20260415~TRN*1*EFT1*1234567890~DTM*405*20260415~N1*PR*ACME HEALTH~"
    "N3*1 PAYER WAY~N4*SPRINGFIELD*IL*62701~PER*BL*ACME*TE*2175550199~N1*PE*SPRINGFIELD FAMILY MEDICINE*XX*"
    "1234567893~LX*1~CLP*E1-1*1*100*80*20*12*PAYER1~NM1*QC*1*DOE*JANE****MI*MEM1~SVC*HC:99213*100*80~"
    "DTM*472*20260402~CAS*PR*2*20~SE*16*0001~GE*1*1~IEA*1*000000001~"
)


def test_claims_print_into_a_missing_folder_is_one_line(tmp_path):
    # given a claim built in a database
    url = f"sqlite:///{tmp_path / 'claims.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    engine = make_engine(url)
    _biller, _payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    encounter(("E11.9",), date.today() - timedelta(days=7))
    built = runner.invoke(app, ["claims", "build", "--all-ready", "--database-url", url, "--user", "bea"])
    assert built.exit_code == 0, built.output
    # when it is printed into a folder that does not exist
    result = runner.invoke(app, ["claims", "print", "1", "--out", "/nonexistent/x.pdf", "--user", "bea",
                                 "--database-url", url])  # fmt: skip
    # then one line names the path and the reason, exit 2, no traceback
    assert result.exit_code == 2
    assert result.output.strip() == "error: cannot use /nonexistent/x.pdf: No such file or directory"
    assert isinstance(result.exception, SystemExit)


def test_x12_parse_of_a_file_that_is_not_x12_exits_1_with_the_reason():
    # given the README (text, not X12) / when it is parsed
    result = runner.invoke(app, ["x12", "parse", str(README)])
    # then it exits 1, saying where and why
    assert result.exit_code == 1
    assert result.output.strip() == "error: segment 1 (# r): the file must start with an ISA segment, found '# r'"


def test_x12_parse_of_a_complete_835_exits_0_and_of_a_truncated_one_exits_1_located(tmp_path):
    # given an 835, whole and cut short in its service line
    whole, cut = tmp_path / "whole.835", tmp_path / "cut.835"
    whole.write_text(REMIT_835)
    cut.write_text(REMIT_835[: REMIT_835.index("DTM*472")])
    # when both are parsed
    read_whole = runner.invoke(app, ["x12", "parse", str(whole)])
    read_cut = runner.invoke(app, ["x12", "parse", str(cut)])
    # then the whole one is read cleanly, and the cut one exits 1 naming the missing trailers
    assert (read_whole.exit_code, read_whole.output.count("error")) == (0, 0), read_whole.output
    assert read_cut.exit_code == 1, read_cut.output
    assert "error: segment 15 (SVC): transaction set 0001 has no SE trailer" in read_cut.output
    assert "interchange 000000001 has no IEA trailer" in read_cut.output


def test_x12_validate_of_an_empty_file_says_it_is_empty(tmp_path):
    # given an empty file / when it is validated
    empty = tmp_path / "empty.x12"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["x12", "validate", str(empty)])
    # then one clear line (no object's repr), exit 2
    assert result.exit_code == 2
    assert result.output.strip() == "error: [x12_syntax] the file is empty: an X12 file starts with an ISA segment"
    assert "_io" not in result.output
