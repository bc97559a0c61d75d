"""A trading partner from its file, JSON or TOML (what `--partner FILE` and $REVCYCLE_PARTNER name).

    partner = load_partner(Path("acme.json"))      # a Clearinghouse
    partner = load_partner(Path("acme.toml"))      # the same fields in TOML (by the file's suffix)

A new kind of partner registers here (`KINDS`: kind -> how to build it from the file's data).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

from revcycle.clearinghouse import directory, simulated
from revcycle.clearinghouse.protocol import Clearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError

# kind -> the partner, from (the file's data, its envelope settings, the folder the file is in)
KINDS: dict[str, Callable[[dict, EnvelopeSettings, Path], Clearinghouse]] = {
    "directory": directory.from_partner,
    "simulator": simulated.from_partner,
    "sftp": lambda data, settings, folder: _sftp().from_partner(data, settings, folder),
}


def _sftp():  # noqa: ANN202 - the module: asyncssh is imported only when an SFTP partner is loaded
    from revcycle.clearinghouse import sftp

    return sftp


def load_partner(path: Path) -> Clearinghouse:
    """The partner a JSON (or, by its `.toml` suffix, TOML) file describes, e.g.

    {"name": "acme", "kind": "simulator", "root": "/var/revcycle/acme", "sender_id": "CLINIC01",
     "receiver_id": "87726", "sender_qualifier": "ZZ", "receiver_qualifier": "ZZ", "usage": "T",
     "payer_config": "acme-payer.json", "received_on": "2026-03-05"}

    - "name" (required): the partner's name; it numbers our interchanges to it (ISA13/GS06, never
      reused) and names the files we submit (`<name>-<ISA13>.837`).
    - "kind": "directory" (default; any other word is read as directory), "simulator" or "sftp".
    - "root": its folder (outbox/, inbox/, inbox/processed/), relative to the file; default: "name".
    - the envelope (`edi.envelope.EnvelopeSettings`): "sender_id" (ISA06, required) and "receiver_id"
      (ISA08, required), "sender_qualifier" / "receiver_qualifier" (ISA05/ISA07, default ZZ),
      "gs_sender" / "gs_receiver" (GS02/GS03, default the ISA ids), "usage" (ISA15: P, the default, or T).
    - simulator only: "payer_config" (a payer configuration file, relative to this file; default: the
      simulator's example payer), "received_on" (the payer's receipt date, ISO; default: the day a file
      is submitted), "days_to_pay" (default 14).
    - sftp only (`sftp.from_partner`; every field explained in examples/partners/sftp.toml): "host", "port"
      (22), "user", "key_path" (relative to this file) with "key_passphrase_env", or "password_env" (the
      environment variable holding the password: never the password itself), "known_hosts" (a file; default
      ~/.ssh/known_hosts) or "accept_any_host_key" (false; insecure), "naming" (default
      "{name}-{isa13:09d}.837"), "folders" {"outbound", "inbound", "archive"}, "poll" {"interval_seconds"},
      "timeouts" {"connect_seconds", "operation_seconds"}.
    A file that cannot be read is NOT_FOUND; one that does not say the above is VALIDATION.
    """
    try:
        data = _read(path)
        settings = EnvelopeSettings.from_dict(data)
        build = KINDS.get(data.get("kind", "directory"), directory.from_partner)
        return build(data, settings, path.parent)
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot read {path}: {error.strerror}") from error
    except KeyError as error:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{path}: required field {error.args[0]!r} is missing"
        ) from error
    except (ValueError, TypeError, AttributeError) as error:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{path}: not a clearinghouse configuration ({error})"
        ) from error


def _read(path: Path) -> dict:
    """The file's fields: TOML for a `.toml` file, JSON otherwise."""
    if path.suffix.lower() == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the file must hold one object of fields")
    return data
