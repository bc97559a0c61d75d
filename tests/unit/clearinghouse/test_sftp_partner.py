"""An SFTP partner file: sftp.toml (the example) loads with every field; secrets only by path or environment; a
naming pattern must name ISA13 and give a plain file name."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.sftp import SftpClearinghouse, SftpFolders
from revcycle.kernel.errors import ErrorCode, RevcycleError

EXAMPLES = Path(__file__).parents[3] / "examples" / "partners"


def test_the_sftp_example_loads_with_its_server_credentials_folders_naming_and_schedule(tmp_path):
    # given a copy of examples/partners/sftp.toml
    shutil.copy(EXAMPLES / "sftp.toml", tmp_path / "sftp.toml")
    # when it is loaded
    partner = load_partner(tmp_path / "sftp.toml")
    # then it is an SFTP partner with the key and known_hosts beside the file, and the host key checked
    assert isinstance(partner, SftpClearinghouse)
    access = partner.access
    assert (access.host, access.port, access.user) == ("sftp.acme-clearinghouse.example", 22, "clinic01")
    assert (access.key_path, access.known_hosts) == (
        tmp_path / "keys/acme_id_ed25519",
        tmp_path / "keys/acme_known_hosts",
    )
    assert (access.password_env, access.accept_any_host_key, access.connect_timeout, access.timeout) == (
        "",
        False,
        15,
        60,
    )
    assert partner.folders == SftpFolders("outbound", "inbound", "inbound/archive")
    assert (partner.poll_seconds, partner.settings.usage, partner.settings.receiver_id) == (
        300,
        "T",
        "ACMECH",
    )
    assert partner.file_name(7, dt.datetime(2026, 3, 5, 9, 30)) == "acme-000000007.837"
    assert partner.where_submitted("acme-000000007.837") == (
        "sftp://clinic01@sftp.acme-clearinghouse.example:22/outbound/acme-000000007.837"
    )


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (
            'password = "hunter2"\n',
            "a password is never written in the partner file: name its environment variable in password_env",
        ),
        (
            'naming = "{name}-{date}.837"\n',
            "naming pattern '{name}-{date}.837' must contain {isa13} (a name is never reused)",
        ),
        (
            'naming = "out/{isa13}.837"\n',
            "naming pattern 'out/{isa13}.837' must give a plain file name, not 'out/1.837'",
        ),
        (
            'naming = "{isa13}-{payer}.837"\n',
            "naming pattern '{isa13}-{payer}.837': unknown field 'payer' (known: name, isa13, created, date, time, sender, receiver, usage)",
        ),
        ('accept_any_host_key = "yes"\n', "accept_any_host_key must be true or false, not 'yes'"),
    ],
)
def test_a_partner_file_that_says_something_wrong_is_refused_saying_what(tmp_path, extra, reason):
    # given an SFTP partner file with one wrong line
    (tmp_path / "acme.toml").write_text('name = "acme"\nkind = "sftp"\nhost = "h"\nuser = "u"\nkey_path = "k"\n'
                                        'sender_id = "S"\nreceiver_id = "R"\n' + extra)  # fmt: skip
    # when it is loaded / then it is refused, and the message never repeats a password
    with pytest.raises(RevcycleError) as refused:
        load_partner(tmp_path / "acme.toml")
    assert refused.value.code is ErrorCode.VALIDATION
    assert refused.value.message == f"{tmp_path / 'acme.toml'}: not a clearinghouse configuration ({reason})"
    assert "hunter2" not in refused.value.message


def test_an_sftp_partner_without_a_key_or_a_password_variable_is_refused(tmp_path):
    (tmp_path / "acme.toml").write_text('name = "acme"\nkind = "sftp"\nhost = "h"\nuser = "u"\nsender_id = "S"\n'
                                        'receiver_id = "R"\n')  # fmt: skip
    with pytest.raises(RevcycleError) as refused:
        load_partner(tmp_path / "acme.toml")
    assert refused.value.message.endswith("(an sftp partner needs key_path or password_env)")
