"""The root command: groups load when run, and `revcycle --help` lists them without importing them
(the practice's groups under revcycle.cli, the simulator's and the demo's in their own packages)."""

import importlib
import subprocess
import sys

from typer.testing import CliRunner

from revcycle.cli.main import GROUPS, app


def test_each_group_help_shown_at_the_root_is_the_group_modules_own():
    # given every registered group
    for name, (module_name, help_text) in GROUPS.items():
        # when its module is imported
        module = importlib.import_module(module_name)
        # then the root's one-line help is the group's help, word for word
        assert module.app.info.help == help_text, name


def test_root_help_lists_every_group_without_importing_them():
    # when `revcycle --help` runs in a fresh interpreter
    code = (
        "import sys; from typer.testing import CliRunner; from revcycle.cli.main import app;"
        "result = CliRunner().invoke(app, ['--help']); print(result.output);"
        "print(sorted(m for m in sys.modules if m.startswith(('revcycle.cli.', 'revcycle.simulator', 'revcycle.demo'))"
        " and m != 'revcycle.cli.main'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # then every group is listed and no group module was imported
    assert all(f"  {name} " in out for name in GROUPS)
    assert out.strip().splitlines()[-1] == "[]"


def test_a_group_runs_and_an_unknown_one_is_refused():
    # when a group command runs, and a group that does not exist
    runner = CliRunner()
    ok = runner.invoke(app, ["codes", "releases"])
    unknown = runner.invoke(app, ["nosuch"])
    # then the first answers and the second is a usage error naming it
    assert ok.exit_code == 0, ok.output
    assert "2026" in ok.output
    assert unknown.exit_code == 2
    assert "No such command 'nosuch'" in unknown.output
