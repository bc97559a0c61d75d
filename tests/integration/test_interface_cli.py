"""`revcycle interfaces ...`: a batch file imported message by message, the error queue listed, a fixed replay, a
dismissal; and `listen` + `send` over MLLP on 127.0.0.1 in a subprocess."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

from hl7_setup import FIXTURES, MAPPING, messages_of
from interface_setup import set_up_interfaces
from served_app import free_port
from typer.testing import CliRunner

from revcycle.cli.main import app

runner = CliRunner()


def _cli(database_url: str, *args: str):
    return runner.invoke(app, ["interfaces", *args, "--database-url", database_url])


def test_import_a_batch_then_work_the_error_queue_from_the_shell(engine, database_url, tmp_path):
    # given a practice and a file of four messages: the batch's three (one a re-send) and a registration born 02-30
    set_up_interfaces(engine)
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|19850214|F|", "|19850230|F|")
    batch = (FIXTURES / "epic_batch_a28.hl7").read_text()
    (tmp_path / "day.hl7").write_text(batch + "\n" + bad.replace("\r", "\n") + "\n")
    # when it is imported
    imported = _cli(database_url, "import", str(tmp_path / "day.hl7"), "--user", "interfaces", "--mapping", str(MAPPING),
                    "--json")  # fmt: skip
    # then two are applied, one is a duplicate, one failed (exit 1), located
    report = json.loads(imported.output)
    assert (
        imported.exit_code,
        report["applied"],
        report["duplicate"],
        report["failed"],
        report["rejected"],
    ) == (1, 2, 1, 1, 0)
    assert report["problems"] == [
        {"number": 4, "control_id": "NC100001", "error": "PID-7: birth date '19850230' is not a date"}
    ]
    # when the queue is listed, the message replayed fixed, and listed again
    queue = json.loads(_cli(database_url, "errors", "--user", "interfaces", "--json").output)
    (tmp_path / "fixed.hl7").write_text(bad.replace("19850230", "19850214"))
    replayed = _cli(database_url, "replay", str(queue[0]["id"]), "--user", "interfaces", "--file", str(tmp_path / "fixed.hl7"),
                    "--mapping", str(MAPPING))  # fmt: skip
    after = json.loads(_cli(database_url, "errors", "--user", "interfaces", "--json").output)
    # then it was applied and the queue is empty
    assert [(m["control_id"], m["error"][:5]) for m in queue] == [("NC100001", "PID-7")]
    assert (replayed.exit_code, replayed.output.strip(), after) == (
        0,
        f"message {queue[0]['id']} applied",
        [],
    )


def test_listen_and_send_over_mllp_in_a_subprocess(engine, database_url):
    # given a practice and `revcycle interfaces listen` running
    set_up_interfaces(engine)
    port = free_port()
    env = {**os.environ, "REVCYCLE_HL7_MAPPING": str(MAPPING)}
    listener = subprocess.Popen([sys.executable, "-m", "revcycle.cli.main", "interfaces", "listen", "--port", str(port),
                                 "--user", "interfaces", "--database-url", database_url],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        # when the registration is sent twice, then the athena charges
        sent = [
            _cli_send(port, name) for name in ("epic_adt_a04.hl7", "epic_adt_a04.hl7", "athena_dft_p03.hl7")
        ]
    finally:
        listener.terminate()
        listener.wait(10)
    # then each is acknowledged AA
    assert sent == ["MSA|AA|NC100001", "MSA|AA|NC100001", "MSA|AA|ATH-55501"]


def _cli_send(port: int, name: str) -> str:
    result = runner.invoke(app, ["interfaces", "send", str(FIXTURES / name), "--port", str(port)])
    assert result.exit_code == 0, result.output
    return result.output.strip()
