"""The partner files shipped in examples/partners/ load as the clearinghouses they say, every field they
use (and every field the loader reads) is explained in their README, and `clearinghouse --help` says where."""

import json
import re
import shutil
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.cli.main import app
from revcycle.edi.envelope import EnvelopeSettings

EXAMPLES = Path(__file__).parents[3] / "examples" / "partners"
LOADER_FIELDS = {"name", "kind", "root", "payer_config", "received_on", "days_to_pay"}
SFTP_FIELDS = {"host", "port", "user", "key_path", "key_passphrase_env", "password_env", "known_hosts",
               "accept_any_host_key", "naming", "folders", "poll", "timeouts"}  # fmt: skip


def test_the_example_partner_files_load_as_a_directory_and_a_simulator(tmp_path):
    # given copies of the two examples
    for name in ("directory.json", "simulator.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    # when they are loaded
    directory = load_partner(tmp_path / "directory.json")
    simulator = load_partner(tmp_path / "simulator.json")
    # then each is the kind it says, in the folder it names beside the file, with its envelope ids
    assert (type(directory), type(simulator)) == (DirectoryClearinghouse, SimulatorClearinghouse)
    assert (directory.root, simulator.root) == (tmp_path / "acme-exchange", tmp_path / "acme-sim-exchange")
    assert (directory.settings.sender_id, directory.settings.receiver_id, directory.settings.usage) == (
        "CLINIC01", "ACMECH", "T")
    assert (simulator.settings.sender_id, simulator.settings.receiver_id) == ("CLINIC01", "87726")


def test_every_field_of_the_examples_and_of_the_loader_is_explained_in_the_readme():
    # given the README's table of fields
    readme = (EXAMPLES / "README.md").read_text()
    explained = set(re.findall(r"^\| `(\w+)` \|", readme, flags=re.MULTILINE))
    # then it explains each field the examples use and each the loader reads, and no other
    used = set(json.loads((EXAMPLES / "directory.json").read_text())) | set(
        json.loads((EXAMPLES / "simulator.json").read_text()))
    for name in ("sftp.toml", "directory.toml", "simulator.toml"):
        used |= set(tomllib.loads((EXAMPLES / name).read_text()))
    assert used <= explained
    assert explained == LOADER_FIELDS | SFTP_FIELDS | set(EnvelopeSettings.__dataclass_fields__)


def test_clearinghouse_help_says_where_the_example_partner_files_are():
    # when / then
    result = CliRunner().invoke(app, ["clearinghouse", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "examples/partners/" in " ".join(result.output.split())
    assert "directory: outbox/inbox folders" in " ".join(result.output.split())
    assert "in JSON or TOML" in " ".join(result.output.split())
    assert "sftp: an SFTP server" in " ".join(result.output.split())


def test_the_toml_twins_load_as_their_json_examples(tmp_path):
    # given the JSON examples and their TOML twins side by side
    for name in ("directory.json", "simulator.json", "directory.toml", "simulator.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    # when each is loaded / then each TOML file is the partner its JSON twin is
    for kind in ("directory", "simulator"):
        from_json, from_toml = load_partner(tmp_path / f"{kind}.json"), load_partner(tmp_path / f"{kind}.toml")
        assert (type(from_toml), from_toml.root, from_toml.settings) == (type(from_json), from_json.root,
                                                                         from_json.settings)  # fmt: skip
