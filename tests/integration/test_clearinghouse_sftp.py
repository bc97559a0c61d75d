"""The SFTP clearinghouse against a real SFTP server on 127.0.0.1 (asyncssh's, chrooted to a tmp folder): an 837P
uploaded whole under the partner's naming, the answers the clearinghouse drops (999, 277CA, 835 from the payer
simulator) collected, applied once and archived; a connection dropped mid-upload, a duplicate 835, a crash
between the commit and the archive, and the ways a connection fails."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from claims_setup import SUBMITTER
from sftp_setup import SETTINGS, answer_837s, billed_practice, payer_knowing_jane, sftp_exchange
from typer.testing import CliRunner

from revcycle.claims import ClaimStatus
from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.sftp_local import asyncssh
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.cli.main import app
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.services.clearinghouse import collect, resubmit, submit_batch
from revcycle.services.remittances import file_digest

RECEIVED = date(2026, 3, 5)
SUBMITTED = [ClaimStatus.DRAFT, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED]


def _statuses(uow, *claim_ids):
    with uow() as unit:
        stored = unit.claims.get_many(list(claim_ids))
    return [[change.status for change in stored[claim_id].history] for claim_id in claim_ids]


def _files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_submit_uploads_the_837_and_collect_brings_back_the_999_277ca_and_835(engine, tmp_path):
    # given two scrubbed claims (Jane's payer knows her, not Zoe) and an SFTP partner naming files its way
    uow, biller, jane, zoe, run = billed_practice(engine)
    with sftp_exchange(tmp_path, naming="CLM_{sender}_{date}_{isa13:09d}.{usage}.837") as exchange:
        partner = load_partner(exchange.partner_file)
        # when the batch is submitted, the clearinghouse answers it, and the biller collects
        number, file_name = submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
        uploaded = _files(exchange.root / "outbound")
        dropped = answer_837s(exchange.root, RECEIVED)
        report = collect(uow(), biller, partner)
    # then the 837 went up whole under the partner's name for it (nothing hidden left beside it)
    assert (number, file_name, uploaded) == (1, "CLM_CLINIC01_20260310_000000001.T.837", [file_name])
    assert (exchange.root / "outbound" / file_name).read_text().startswith("ISA*00*")
    # and the 999 accepted the batch, the 277CA accepted Jane's claim and rejected Zoe's, the 835 paid Jane's
    assert dropped == ["CLM_CLINIC01_20260310_000000001.T.999", "CLM_CLINIC01_20260310_000000001.T.277ca",
                       "CLM_CLINIC01_20260310_000000001.T.835"]  # fmt: skip
    assert report.files == sorted(dropped)
    assert report.batches == {1: "accepted"}
    assert report.claims[jane.claim_id].startswith("accepted: A2:20 accepted for processing, payer claim ")
    assert report.claims[zoe.claim_id] == "rejected: A3:33 subscriber and subscriber id not found"
    assert report.remittances == [{"file": "CLM_CLINIC01_20260310_000000001.T.835", "status": "posted",
                                   "claims_posted": 1, "exceptions": 0}]  # fmt: skip
    assert (report.already_collected, report.failed, report.unmatched) == ([], [], [])
    assert _statuses(uow, jane.id, zoe.id) == [SUBMITTED + [ClaimStatus.ACCEPTED, ClaimStatus.PAID],
                                               SUBMITTED + [ClaimStatus.REJECTED]]  # fmt: skip
    # and the inbound folder is empty, every file in the archive
    assert (_files(exchange.root / "inbound"), _files(exchange.root / "archive")) == ([], sorted(dropped))


def _drops_the_first_upload():
    class DropsTheFirstUpload(asyncssh.SFTPServer):
        """Writes half of the first upload's bytes, then the connection is gone."""

        drops_left = 1

        def write(self, file_obj, offset, data):  # noqa: ANN001, ANN201
            if DropsTheFirstUpload.drops_left:
                DropsTheFirstUpload.drops_left -= 1
                super().write(file_obj, offset, data[: len(data) // 2])
                self.channel.get_connection().abort()
                raise asyncssh.SFTPConnectionLost("connection dropped")
            return super().write(file_obj, offset, data)

    return DropsTheFirstUpload


def test_a_connection_dropped_mid_upload_leaves_no_file_and_resubmit_sends_the_same_837(engine, tmp_path):
    # given a server that drops the connection halfway through the first upload
    uow, biller, jane, zoe, run = billed_practice(engine)
    with sftp_exchange(tmp_path, sftp_class=_drops_the_first_upload()) as exchange:
        partner = load_partner(exchange.partner_file)
        # when the batch is submitted
        with pytest.raises(RevcycleError) as failed:
            submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
        outbound_after_the_drop = _files(exchange.root / "outbound")
        # then the biller is told what happened and what to do, the claims stay submitted (the batch committed)
        assert failed.value.code is ErrorCode.PARTNER_UNREACHABLE
        assert failed.value.message.startswith(
            "batch 1 is recorded as interchange 000000001 (2 claims submitted), but the upload of acme-000000001.837 "
            "to acme failed: sftp://clinic01@127.0.0.1:"
        )
        assert "/outbound/" not in failed.value.message and "the connection was lost" in failed.value.message
        assert failed.value.message.endswith(
            "no half file is left under its name; send it again with `revcycle clearinghouse resubmit --interchange 1`"
        )
        # and only the hidden part file is on the server: the clearinghouse never sees half an 837
        assert outbound_after_the_drop == [".acme-000000001.837.part"]
        assert _statuses(uow, jane.id, zoe.id) == [SUBMITTED, SUBMITTED]
        # when it is resubmitted (the 837 kept in the database, sent byte for byte), then again
        delivered = resubmit(uow(), biller, partner)
        with pytest.raises(RevcycleError) as twice:
            resubmit(uow(), biller, partner, 1)
        sent = (exchange.root / "outbound" / "acme-000000001.837").read_text()
        with uow() as unit:
            kept = unit.clearinghouse_files.outbound("acme", 1)
        # then the whole file is there once, the same text the batch recorded, and a second send is refused
        assert [(one.interchange_control_number, one.file_name) for one in delivered] == [
            (1, "acme-000000001.837")
        ]
        assert (
            delivered[0].where
            == f"sftp://clinic01@127.0.0.1:{exchange.server.port}/outbound/acme-000000001.837"
        )
        assert _files(exchange.root / "outbound") == ["acme-000000001.837"]
        assert sent == kept.text and kept.delivered_to == delivered[0].where
        assert twice.value.code is ErrorCode.CONFLICT
        assert twice.value.message.startswith(
            "interchange 000000001 was delivered on 2026-03-10 09:00 to sftp://"
        )
        # and the clearinghouse's answers to it are collected as for any upload
        answer_837s(exchange.root, RECEIVED)
        report = collect(uow(), biller, partner)
    assert (report.batches, len(report.remittances)) == ({1: "accepted"}, 1)
    assert _statuses(uow, jane.id)[0] == SUBMITTED + [ClaimStatus.ACCEPTED, ClaimStatus.PAID]


def test_a_duplicate_835_on_the_server_posts_once(engine, tmp_path):
    # given a submitted batch whose 835 the clearinghouse dropped twice, under two names
    uow, biller, jane, _zoe, run = billed_practice(engine)
    with sftp_exchange(tmp_path) as exchange:
        partner = load_partner(exchange.partner_file)
        submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
        answer_837s(exchange.root, RECEIVED)
        inbound = exchange.root / "inbound"
        shutil.copy(inbound / "acme-000000001.835", inbound / "acme-000000001.resent.835")
        # when the biller collects
        report = collect(uow(), biller, partner)
    # then the first 835 posted, the second (the same bytes) changed nothing; both are archived
    assert report.remittances == [
        {"file": "acme-000000001.835", "status": "posted", "claims_posted": 1, "exceptions": 0}
    ]
    assert report.already_collected == [
        "acme-000000001.resent.835: collected before as acme-000000001.835 on 2026-03-10 09:00; nothing applied again"
    ]
    assert (len(report.files), _files(inbound)) == (4, [])
    assert _files(exchange.root / "archive") == ["acme-000000001.277ca", "acme-000000001.835", "acme-000000001.999",
                                                 "acme-000000001.resent.835"]  # fmt: skip
    with uow() as unit:
        assert unit.clearinghouse_files.collected_count("acme") == 3
    assert _statuses(uow, jane.id)[0] == SUBMITTED + [ClaimStatus.ACCEPTED, ClaimStatus.PAID]


def _archive_fails_once():
    class ArchiveFailsOnce(asyncssh.SFTPServer):
        """The first move into the archive fails, as if revcycle had died between its commit and the archive."""

        failures_left = 1

        def rename(self, oldpath, newpath):  # noqa: ANN001, ANN201
            if b"archive/" in newpath and ArchiveFailsOnce.failures_left:
                ArchiveFailsOnce.failures_left -= 1
                raise asyncssh.SFTPFailure("no space left on the archive volume")
            return super().rename(oldpath, newpath)

    return ArchiveFailsOnce


def test_a_file_committed_but_not_archived_changes_nothing_when_collected_again(engine, tmp_path):
    # given a submitted batch answered by the clearinghouse, and a server whose first archive move fails
    uow, biller, jane, zoe, run = billed_practice(engine)
    with sftp_exchange(tmp_path, sftp_class=_archive_fails_once()) as exchange:
        partner = load_partner(exchange.partner_file)
        submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
        answer_837s(exchange.root, RECEIVED)
        # when a collection stops after committing the first file (the 277CA) but before archiving it
        with pytest.raises(RevcycleError) as crashed:
            collect(uow(), biller, partner)
        after_the_crash = _statuses(uow, jane.id, zoe.id)
        # and the biller collects again
        report = collect(uow(), biller, partner)
    # then the first run failed saying where, with the 277CA applied and still waiting on the server
    assert crashed.value.code is ErrorCode.PARTNER_UNREACHABLE
    assert crashed.value.message.endswith(
        "archiving of acme-000000001.277ca failed: no space left on the archive volume"
    )
    assert after_the_crash == [SUBMITTED + [ClaimStatus.ACCEPTED], SUBMITTED + [ClaimStatus.REJECTED]]
    # and the second run archived the 277CA without applying it again, then applied the 835 and the 999
    assert report.already_collected == [
        "acme-000000001.277ca: collected before on 2026-03-10 09:00; nothing applied again"
    ]
    assert report.claims == {}
    assert (report.batches, [r["status"] for r in report.remittances]) == ({1: "accepted"}, ["posted"])
    assert _statuses(uow, jane.id, zoe.id) == [SUBMITTED + [ClaimStatus.ACCEPTED, ClaimStatus.PAID],
                                               SUBMITTED + [ClaimStatus.REJECTED]]  # fmt: skip
    assert _files(exchange.root / "inbound") == []
    with uow() as unit:
        assert unit.clearinghouse_files.collected_count("acme") == 3


def test_a_directory_partner_file_seen_again_changes_nothing(engine, tmp_path):
    # given a batch submitted to the simulator clearinghouse (a directory) and its answers collected
    uow, biller, jane, zoe, run = billed_practice(engine)
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", payer_knowing_jane(), received_on=RECEIVED)
    submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
    collect(uow(), biller, partner)
    # when the 277CA reappears in the inbox (a restore of the inbox, a re-sent file) and is collected again
    processed = tmp_path / "acme" / "inbox" / "processed"
    shutil.copy(processed / "acme-000000001.277ca", tmp_path / "acme" / "inbox" / "acme-000000001.277ca")
    report = collect(uow(), biller, partner)
    # then nothing is applied again: the claims' histories are as they were, the file archived beside the first
    assert (report.files, report.claims) == (["acme-000000001.277ca"], {})
    assert report.already_collected == [
        "acme-000000001.277ca: collected before on 2026-03-10 09:00; nothing applied again"
    ]
    assert _statuses(uow, jane.id, zoe.id) == [SUBMITTED + [ClaimStatus.ACCEPTED, ClaimStatus.PAID],
                                               SUBMITTED + [ClaimStatus.REJECTED]]  # fmt: skip
    assert partner.waiting() == []


def _test_connection(partner_file):
    return CliRunner().invoke(
        app, ["clearinghouse", "test-connection", str(partner_file)], terminal_width=400
    )


def test_test_connection_lists_the_folders_and_writes_a_probe_it_removes(tmp_path):
    # given an SFTP partner whose server has two answers waiting
    with sftp_exchange(tmp_path) as exchange:
        (exchange.root / "inbound" / "a.999").write_text("ISA")
        (exchange.root / "inbound" / "b.835").write_text("ISA")
        # when its connection is tested
        result = _test_connection(exchange.partner_file)
        port = exchange.server.port
    # then it says what it saw, and nothing is left on the server
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"connected to sftp://clinic01@127.0.0.1:{port} as 'clinic01'; host key verified against "
        f"{tmp_path / 'keys' / 'known_hosts'}",
        "outbound folder 'outbound': 0 file(s)",
        "inbound folder 'inbound': 2 file(s)",
        "archive folder 'archive': absent (made on the first collection)",
        "outbound folder 'outbound': writable (probe file written and removed)",
        "ok: acme is reachable and accepts our files",
    ]
    assert _files(exchange.root / "outbound") == []


def test_a_password_is_read_from_the_environment_variable_the_file_names(tmp_path, monkeypatch):
    # given a partner signing in with a password held in $ACME_SFTP_PASSWORD, no key
    monkeypatch.setenv("ACME_SFTP_PASSWORD", "s3cret-Pass")
    with sftp_exchange(
        tmp_path, password="s3cret-Pass", key_path=None, password_env="ACME_SFTP_PASSWORD"
    ) as exchange:
        # when its connection is tested, then with the variable holding a wrong password, then unset
        good = _test_connection(exchange.partner_file)
        monkeypatch.setenv("ACME_SFTP_PASSWORD", "wrong-Pass")
        wrong = _test_connection(exchange.partner_file)
        monkeypatch.delenv("ACME_SFTP_PASSWORD")
        unset = _test_connection(exchange.partner_file)
        port = exchange.server.port
    # then the right one signs in; the others fail plainly, and no password is ever printed
    assert (good.exit_code, good.output.splitlines()[-1]) == (
        0,
        "ok: acme is reachable and accepts our files",
    )
    assert wrong.exit_code == 1
    assert wrong.output.strip() == (f"connection test failed: sftp://clinic01@127.0.0.1:{port}: authentication failed "
                                    "for user 'clinic01' (password from $ACME_SFTP_PASSWORD)")  # fmt: skip
    assert (
        unset.output.strip()
        == "connection test failed: the password is read from $ACME_SFTP_PASSWORD, which is not set"
    )
    assert not any("Pass" in result.output for result in (good, wrong, unset))


def _wrong_key(exchange):
    asyncssh.generate_private_key("ssh-ed25519").write_private_key(str(exchange.keys / "id_ed25519"))


def _unknown_host(exchange):
    (exchange.keys / "known_hosts").write_text("")


def _server_down(exchange):
    exchange.server.stop()


def _no_inbound_folder(exchange):
    (exchange.root / "inbound").rmdir()


@pytest.mark.parametrize(
    ("break_it", "reason"),
    [
        (
            _wrong_key,
            "connection test failed: sftp://clinic01@127.0.0.1:{port}: authentication failed for user 'clinic01' "
            "(key {keys}/id_ed25519)",
        ),
        (
            _unknown_host,
            "connection test failed: sftp://clinic01@127.0.0.1:{port}: the server's host key is not known (not in "
            "{keys}/known_hosts); add the key your partner "
            "gave you (or `ssh-keyscan -p {port} 127.0.0.1` once you trust it)",
        ),
        (
            _server_down,
            "connection test failed: sftp://clinic01@127.0.0.1:{port}: connection refused (is the server up, the host "
            "and the port right?)",
        ),
        (_no_inbound_folder, "connection test failed: the inbound folder 'inbound' is not on the server"),
    ],
)
def test_test_connection_says_plainly_what_fails_and_exits_1(tmp_path, break_it, reason):
    # given an SFTP partner, broken one way
    with sftp_exchange(tmp_path) as exchange:
        break_it(exchange)
        # when its connection is tested
        result = _test_connection(exchange.partner_file)
        port = exchange.server.port
    # then one line says what failed, and no traceback
    assert result.exit_code == 1
    assert result.output.strip() == reason.format(keys=tmp_path / "keys", port=port)
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_ta1_rejecting_the_interchange_rejects_its_batch_and_claims(engine, tmp_path):
    # given a batch uploaded to the SFTP partner, and the clearinghouse's TA1 refusing the interchange (note 025)
    uow, biller, jane, zoe, run = billed_practice(engine)
    with sftp_exchange(tmp_path) as exchange:
        partner = load_partner(exchange.partner_file)
        submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
        (exchange.root / "inbound" / "acme-000000001.ta1").write_text(
            "ISA*00*          *00*          *ZZ*87726          *ZZ*CLINIC01       *260310*0930*^*00501*000000077*0*T*:~"
            "TA1*000000001*260310*0900*R*025~IEA*0*000000077~"
        )
        # when the biller collects
        report = collect(uow(), biller, partner)
    # then the batch and both claims are rejected, in words
    assert report.batches == {1: "interchange rejected (duplicate interchange control number)"}
    assert (report.files, report.unmatched, report.failed) == (["acme-000000001.ta1"], [], [])
    with uow() as unit:
        batch = unit.remittances.batch_by_interchange("acme", 1)
        kinds = unit.clearinghouse_files.collected(
            "acme", _digest(exchange.root / "archive" / "acme-000000001.ta1")
        )
    assert (batch.status, batch.status_detail) == (
        "rejected",
        "interchange rejected (duplicate interchange control number)",
    )
    assert _statuses(uow, jane.id, zoe.id) == [SUBMITTED + [ClaimStatus.REJECTED]] * 2
    assert kinds.kind == "ta1"


def _digest(path):
    return file_digest(path.read_bytes())
