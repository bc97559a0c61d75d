"""One SSH/SFTP connection to a partner, driven from synchronous code (the `Clearinghouse` protocol is sync).

    link = SftpLink(access)                      # nothing happens yet
    names = link.run(lambda sftp: sftp.listdir("inbound"), "list inbound")
    link.close()                                 # also done when the link is garbage collected

asyncssh is asynchronous: every link of the process runs its coroutines on one event loop in a daemon thread
(started on first use). A link connects on its first call and keeps the connection for the calls after it,
reconnecting when the server has closed it in between; each call is bounded by `access.timeout` seconds.
What goes wrong comes back as a `RevcycleError` saying plainly what happened — refused, timed out, host key not
known, authentication failed, no such file or folder — naming the host, the port and the user, never a password
or a key's contents.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

with warnings.catch_warnings():  # asyncssh imports cryptography's DSA, deprecated there; we never use DSA
    warnings.filterwarnings("ignore", message="DSA is deprecated")
    import asyncssh

from revcycle.kernel.errors import ErrorCode, RevcycleError

T = TypeVar("T")
_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class SftpAccess:
    """Where the partner's SFTP server is and how we prove who we are (secrets only by path or environment)."""

    host: str
    user: str
    port: int = 22
    key_path: Path | None = None  # our private key (OpenSSH format)
    key_passphrase_env: str = ""  # the environment variable holding the key's passphrase, if it has one
    password_env: str = ""  # the environment variable holding the password (when there is no key)
    known_hosts: Path | None = None  # the server's host key must be in this file
    accept_any_host_key: bool = False  # INSECURE: do not check who answers
    connect_timeout: float = 15.0
    timeout: float = 60.0  # each operation (list, read, write, rename)

    @property
    def address(self) -> str:
        return f"sftp://{self.user}@{self.host}:{self.port}"


def background_loop() -> asyncio.AbstractEventLoop:
    """The process's SFTP event loop, running in a daemon thread."""
    global _loop
    with _loop_lock:
        if _loop is None or _loop.is_closed():
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="revcycle-sftp", daemon=True).start()
        return _loop


class SftpLink:
    def __init__(self, access: SftpAccess) -> None:
        self.access = access
        self._connection: asyncssh.SSHClientConnection | None = None
        self._sftp: asyncssh.SFTPClient | None = None
        self._lock = threading.Lock()

    def run(self, operation: Callable[[asyncssh.SFTPClient], Awaitable[T]], what: str) -> T:
        """`operation(sftp)` on the connection (opened if need be); `what` names it in an error (if not empty)."""
        with self._lock:
            future = asyncio.run_coroutine_threadsafe(self._run(operation), background_loop())
            try:
                return future.result()
            except RevcycleError:
                raise
            except (asyncssh.Error, OSError, TimeoutError) as error:
                raise self.failure(error, what) from None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and _loop is not None and not _loop.is_closed():
                asyncio.run_coroutine_threadsafe(self._disconnect(), _loop).result(
                    timeout=self.access.timeout
                )

    async def _run(self, operation: Callable[[asyncssh.SFTPClient], Awaitable[T]]) -> T:
        if self._sftp is None or self._connection is None or self._connection.is_closed():
            await self._connect()
        try:
            return await asyncio.wait_for(operation(self._sftp), self.access.timeout)  # type: ignore[arg-type]
        except (TimeoutError, asyncssh.DisconnectError, asyncssh.ChannelOpenError, ConnectionError):
            await self._disconnect()  # the next call starts afresh
            raise

    async def _connect(self) -> None:
        await self._disconnect()
        connection = await asyncio.wait_for(asyncssh.connect(**self._options()), self.access.connect_timeout)
        try:
            self._sftp = await asyncio.wait_for(connection.start_sftp_client(), self.access.connect_timeout)
        except BaseException:
            connection.abort()
            raise
        self._connection = connection

    async def _disconnect(self) -> None:
        connection, self._connection, self._sftp = self._connection, None, None
        if connection is not None:
            connection.abort()

    def _options(self) -> dict:
        access = self.access
        options: dict = {"host": access.host, "port": access.port, "username": access.user, "agent_path": None,
                         "connect_timeout": access.connect_timeout, "login_timeout": access.connect_timeout,
                         "known_hosts": None if access.accept_any_host_key else _known_hosts(access)}  # fmt: skip
        options["client_keys"] = [str(access.key_path)] if access.key_path else None
        if access.key_passphrase_env:
            options["passphrase"] = _secret(access.key_passphrase_env, "key passphrase")
        if access.password_env:
            options["password"] = _secret(access.password_env, "password")
        return options

    def failure(self, error: BaseException, what: str) -> RevcycleError:
        """What went wrong, in words, without secrets."""
        doing = f"{what} failed: " if what else ""
        return RevcycleError(_code(error), f"{self.access.address}: {doing}{_reason(error, self.access)}")


def _known_hosts(access: SftpAccess) -> str | tuple:
    """The known_hosts file named, else the user's ~/.ssh/known_hosts (asyncssh's default)."""
    return str(access.known_hosts) if access.known_hosts is not None else ()


def _secret(variable: str, what: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise RevcycleError(ErrorCode.VALIDATION, f"the {what} is read from ${variable}, which is not set")
    return value


def _code(error: BaseException) -> ErrorCode:
    if isinstance(error, asyncssh.SFTPNoSuchFile | FileNotFoundError):
        return ErrorCode.NOT_FOUND
    if isinstance(error, asyncssh.SFTPFileAlreadyExists | FileExistsError):
        return ErrorCode.CONFLICT
    return ErrorCode.PARTNER_UNREACHABLE


def _reason(error: BaseException, access: SftpAccess) -> str:
    """A sentence for each way an SFTP exchange fails (the server's own words when it gave some)."""
    if isinstance(error, asyncssh.HostKeyNotVerifiable):
        where = access.known_hosts or "~/.ssh/known_hosts"
        return (f"the server's host key is not known (not in {where}); add the key your partner gave you "
                f"(or `ssh-keyscan -p {access.port} {access.host}` once you trust it)")  # fmt: skip
    if isinstance(error, asyncssh.PermissionDenied):
        how = f"key {access.key_path}" if access.key_path else f"password from ${access.password_env}"
        return f"authentication failed for user {access.user!r} ({how})"
    if isinstance(error, asyncssh.SFTPError):
        return f"{error.reason or type(error).__name__}"
    if isinstance(error, asyncssh.ConnectionLost | asyncssh.DisconnectError):
        return f"the connection was lost ({error.reason or 'closed by the server'})"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the server up, the host and the port right?)"
    if isinstance(error, socket.gaierror):
        return f"host {access.host!r} not found"
    if isinstance(error, TimeoutError):
        return "timed out (the server did not answer in time)"
    if isinstance(error, asyncssh.KeyImportError | asyncssh.KeyEncryptionError):
        return f"cannot use key {access.key_path}: {error}"
    if isinstance(error, OSError):
        return f"{error.strerror or type(error).__name__}" + (
            f" ({error.filename})" if error.filename else ""
        )
    return str(error) or type(error).__name__
