"""The directory clearinghouse: an atomic drop in the outbox, the inbox's waiting files by name, archived;
no real-time line. A partner file names its kind."""

from __future__ import annotations

import json

import pytest

from revcycle.clearinghouse.directory import DirectoryClearinghouse
from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError


def test_the_outbox_never_overwrites_and_the_inbox_archives(tmp_path):
    partner = DirectoryClearinghouse(EnvelopeSettings("acme", "CLINIC01", "87726"), tmp_path)
    partner.submit("acme-000000001.837", "ISA...")
    with pytest.raises(RevcycleError) as again:
        partner.submit("acme-000000001.837", "ISA...")
    assert again.value.code is ErrorCode.CONFLICT
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.999").write_text("x")
    (tmp_path / "inbox" / ".b.835.part").write_text("half")
    assert partner.waiting() == ["a.999"]
    assert partner.fetch("a.999") == b"x"
    assert partner.archive(partner.waiting()[0]) == str(tmp_path / "inbox" / "processed" / "a.999")
    assert partner.waiting() == [] and (tmp_path / "inbox" / "processed" / "a.999").exists()


def test_a_directory_partner_has_no_real_time_line(tmp_path):
    partner = DirectoryClearinghouse(EnvelopeSettings("acme", "CLINIC01", "87726"), tmp_path)
    with pytest.raises(RevcycleError) as refused:
        partner.payer_desk()
    assert refused.value.code is ErrorCode.VALIDATION
    assert "partner 'acme' has no real-time 270/276 connection" in str(refused.value)


def test_a_partner_file_names_its_kind_and_its_folder_relative_to_the_file(tmp_path):
    envelope = {"sender_id": "CLINIC01", "receiver_id": "87726", "usage": "T"}
    (tmp_path / "plain.json").write_text(json.dumps({"name": "plain", **envelope}))
    (tmp_path / "sim.json").write_text(json.dumps({"name": "sim", "kind": "simulator", "root": "x", **envelope,
                                                   "received_on": "2026-03-05", "days_to_pay": 10}))
    (tmp_path / "bad.json").write_text(json.dumps({"kind": "simulator"}))
    plain, simulated = load_partner(tmp_path / "plain.json"), load_partner(tmp_path / "sim.json")
    assert type(plain) is DirectoryClearinghouse and plain.root == tmp_path.resolve() / "plain"
    assert isinstance(simulated, SimulatorClearinghouse) and simulated.root == tmp_path.resolve() / "x"
    assert (simulated.settings.usage, simulated.received_on.isoformat(), simulated.days_to_pay) == ("T", "2026-03-05", 10)
    with pytest.raises(RevcycleError) as bad:
        load_partner(tmp_path / "bad.json")
    assert bad.value.code is ErrorCode.VALIDATION
