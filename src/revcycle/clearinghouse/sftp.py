"""The SFTP clearinghouse: our 837s uploaded to the partner's server, its answers collected from it.

    partner = SftpClearinghouse(settings, SftpAccess("sftp.acme.example", "clinic01", key_path=Path("id_ed25519"),
                                                     known_hosts=Path("known_hosts")), SftpFolders())
    partner.submit(partner.file_name(7, now), text)   # outbound/.acme-000000007.837.part, then renamed
    for name in partner.waiting(): ...                 # regular files in inbound/, not hidden, by name
    partner.archive(name)                              # inbound/name -> archive folder
    partner.check()                                    # what `revcycle clearinghouse test-connection` reports

A file we upload is written under a hidden temporary name and renamed once whole (SFTP's standard rename
never replaces a file), so the partner never sees half a file, and a name already on the server is
CONFLICT, never overwritten. If the connection drops mid-upload, only the temporary file may be left; the
next upload of the same name writes it afresh. Collected files are archived only when the caller says so
(after its transaction commits: `services.clearinghouse.collect`); an archive name already taken gets a
suffix (`.1`, `.2` …) so nothing there is replaced. No real-time line: `payer_desk()` is VALIDATION.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import stat
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from revcycle.clearinghouse.naming import DEFAULT_PATTERN, checked_pattern, file_name
from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.clearinghouse.sftp_link import SftpAccess, SftpLink, asyncssh  # asyncssh imported quietly there
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError


@dataclass(frozen=True, slots=True)
class SftpFolders:
    """The partner's folders on its server, relative to the login folder (or absolute)."""

    outbound: str = "outbound"  # where our 837s go
    inbound: str = "inbound"  # where its 999, TA1, 277CA and 835 files wait
    archive: str = "inbound/archive"  # where collected files are moved


@dataclass(eq=False)
class SftpClearinghouse:
    settings: EnvelopeSettings
    access: SftpAccess
    folders: SftpFolders = field(default_factory=SftpFolders)
    naming: str = DEFAULT_PATTERN
    poll_seconds: int = 300  # how often `collect --watch` looks
    link: SftpLink = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.link = SftpLink(self.access)
        weakref.finalize(self, self.link.close)  # the connection ends with the partner object

    def file_name(self, isa13: int, created: dt.datetime) -> str:
        return file_name(self.naming, self.settings, isa13, created)

    def submit(self, file_name: str, text: str) -> str:
        final, part = self._outbound(file_name), self._outbound(f".{file_name}.part")
        self.link.run(lambda sftp: _upload(sftp, text.encode("ascii"), part, final), f"upload of {file_name}")
        return self.where_submitted(file_name)

    def where_submitted(self, file_name: str) -> str:
        return f"{self.access.address}/{self._outbound(file_name).lstrip('/')}"

    def waiting(self) -> list[str]:
        return self.link.run(
            lambda sftp: _waiting(sftp, self.folders.inbound), f"listing of {self.folders.inbound}"
        )

    def fetch(self, name: str) -> bytes:
        return self.link.run(lambda sftp: _read(sftp, self._inbound(name)), f"download of {name}")

    def archive(self, name: str) -> str:
        where = self.link.run(lambda sftp: _archive(sftp, self._inbound(name), self.folders.archive),
                              f"archiving of {name}")  # fmt: skip
        return f"{self.access.address}/{where.lstrip('/')}"

    def payer_desk(self) -> PayerDesk:
        raise RevcycleError(ErrorCode.VALIDATION, f"partner {self.settings.name!r} has no real-time 270/276 "
                            "connection (an SFTP partner exchanges files only)")  # fmt: skip

    def check(self) -> list[str]:
        """Connect, look at the folders and write (then remove) a probe file in the outbound folder: what was
        seen, line by line; a RevcycleError saying what failed."""
        lines = self.link.run(lambda sftp: _check(sftp, self.folders), "")
        host_key = ("NOT CHECKED (accept_any_host_key: insecure)" if self.access.accept_any_host_key
                    else f"verified against {self.access.known_hosts or '~/.ssh/known_hosts'}")  # fmt: skip
        return [f"connected to {self.access.address} as {self.access.user!r}; host key {host_key}", *lines]

    def close(self) -> None:
        self.link.close()

    def _outbound(self, name: str) -> str:
        return posixpath.join(self.folders.outbound, name)

    def _inbound(self, name: str) -> str:
        if "/" in name or name in ("", ".", ".."):
            raise RevcycleError(ErrorCode.VALIDATION, f"{name!r} is not a file name in the inbound folder")
        return posixpath.join(self.folders.inbound, name)


async def _upload(sftp: asyncssh.SFTPClient, data: bytes, part: str, final: str) -> None:
    if await sftp.exists(final):
        raise RevcycleError(
            ErrorCode.CONFLICT, f"{final} is already on the server: control numbers must not repeat"
        )
    async with sftp.open(part, "wb") as remote:
        await remote.write(data)
    try:
        await sftp.rename(part, final)  # SFTP's standard rename: never over an existing file
    except asyncssh.SFTPError:
        if await sftp.exists(final):
            await sftp.remove(part)
            raise RevcycleError(
                ErrorCode.CONFLICT, f"{final} appeared on the server meanwhile: not replaced"
            ) from None
        raise


async def _waiting(sftp: asyncssh.SFTPClient, folder: str) -> list[str]:
    entries = await sftp.readdir(folder)
    return sorted(str(entry.filename) for entry in entries
                  if not str(entry.filename).startswith(".") and _is_file(entry.attrs))  # fmt: skip


def _is_file(attrs: asyncssh.SFTPAttrs) -> bool:
    if attrs.type not in (None, asyncssh.FILEXFER_TYPE_UNKNOWN):
        return attrs.type == asyncssh.FILEXFER_TYPE_REGULAR
    return attrs.permissions is not None and stat.S_ISREG(attrs.permissions)


async def _read(sftp: asyncssh.SFTPClient, path: str) -> bytes:
    async with sftp.open(path, "rb") as remote:
        return await remote.read()


async def _archive(sftp: asyncssh.SFTPClient, path: str, folder: str) -> str:
    base = posixpath.join(folder, posixpath.basename(path))
    target, copy = base, 0
    while await sftp.exists(target):  # the same name collected before: keep both, replace nothing
        copy += 1
        target = f"{base}.{copy}"
    try:
        await sftp.rename(path, target)
    except asyncssh.SFTPNoSuchFile:  # the archive folder is not there yet (or the file is gone: raised again)
        await sftp.makedirs(folder, exist_ok=True)
        await sftp.rename(path, target)
    return target


async def _check(sftp: asyncssh.SFTPClient, folders: SftpFolders) -> list[str]:
    lines = []
    for role, folder in (("outbound", folders.outbound), ("inbound", folders.inbound)):
        if not await sftp.isdir(folder):
            raise RevcycleError(ErrorCode.NOT_FOUND, f"the {role} folder {folder!r} is not on the server")
        lines.append(f"{role} folder {folder!r}: {len(await _waiting(sftp, folder))} file(s)")
    archive = "present" if await sftp.isdir(folders.archive) else "absent (made on the first collection)"
    lines.append(f"archive folder {folders.archive!r}: {archive}")
    probe = posixpath.join(folders.outbound, f".revcycle-probe-{uuid.uuid4().hex[:12]}")
    try:
        async with sftp.open(probe, "wb") as remote:
            await remote.write(b"revcycle connection test\n")
    except asyncssh.SFTPError as error:
        raise RevcycleError(ErrorCode.PARTNER_UNREACHABLE,
                            f"cannot write in the outbound folder {folders.outbound!r}: {error.reason}") from None  # fmt: skip
    await sftp.remove(probe)
    lines.append(f"outbound folder {folders.outbound!r}: writable (probe file written and removed)")
    return lines


def from_partner(data: dict, settings: EnvelopeSettings, folder: Path) -> SftpClearinghouse:
    """`kind = "sftp"`: the server, our credentials (by path or environment), the folders, the naming."""
    if "password" in data:
        raise ValueError("a password is never written in the partner file: name its environment variable in "
                         "password_env")  # fmt: skip
    folders = data.get("folders", {})
    timeouts = data.get("timeouts", {})
    access = SftpAccess(
        host=str(data["host"]), user=str(data["user"]), port=int(data.get("port", 22)),
        key_path=_path(data.get("key_path"), folder), key_passphrase_env=str(data.get("key_passphrase_env", "")),
        password_env=str(data.get("password_env", "")), known_hosts=_path(data.get("known_hosts"), folder),
        accept_any_host_key=_flag(data.get("accept_any_host_key", False)),
        connect_timeout=float(timeouts.get("connect_seconds", 15)), timeout=float(timeouts.get("operation_seconds", 60)),
    )  # fmt: skip
    if not (access.key_path or access.password_env):
        raise ValueError("an sftp partner needs key_path or password_env")
    unknown = sorted(set(folders) - {"outbound", "inbound", "archive"})
    if unknown:
        raise ValueError(f"unknown folder {unknown[0]!r} (outbound, inbound, archive)")
    return SftpClearinghouse(settings, access, SftpFolders(**{k: str(v) for k, v in folders.items()}),
                             checked_pattern(str(data.get("naming", DEFAULT_PATTERN))),
                             int(data.get("poll", {}).get("interval_seconds", 300)))  # fmt: skip


def _path(value: object, folder: Path) -> Path | None:
    return None if value in (None, "") else (folder / Path(str(value)).expanduser()).resolve()


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"accept_any_host_key must be true or false, not {value!r}")
    return value
