"""A real SFTP server on 127.0.0.1, rooted in a local folder: the other side of an SFTP partner, for the tests,
the benchmark and trying a partner file without a clearinghouse.

    server = LocalSftpServer(Path("exchange"), user="clinic01", client_key=public_key).start()
    server.port, server.known_hosts_line()        # what the partner file needs (port, known_hosts)
    ...
    server.stop()

asyncssh's server on its own event loop in a daemon thread; its host key is made when it is created (ed25519),
one user signs in with one public key (or a password); every session is chrooted to `root` (the partner's
folders are `root/outbound`, `root/inbound` ...). `sftp_class` swaps in a subclass of `asyncssh.SFTPServer` (a
server that drops the connection mid-upload, say).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from revcycle.clearinghouse.sftp_link import asyncssh


class _OneUser(asyncssh.SSHServer):
    def __init__(self, user: str, client_key: asyncssh.SSHKey | None, password: str | None,
                 connections: set[asyncssh.SSHServerConnection]) -> None:  # fmt: skip
        self._user, self._key, self._password, self._connections = user, client_key, password, connections

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self._connections.difference_update([conn for conn in self._connections if conn.is_closed()])

    def begin_auth(self, username: str) -> bool:
        return True

    def public_key_auth_supported(self) -> bool:
        return self._key is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return self._key is not None and username == self._user and key.public_data == self._key.public_data

    def password_auth_supported(self) -> bool:
        return self._password is not None

    def validate_password(self, username: str, password: str) -> bool:
        return self._password is not None and username == self._user and password == self._password


class LocalSftpServer:
    def __init__(self, root: Path, user: str = "clinic01", client_key: asyncssh.SSHKey | None = None,
                 password: str | None = None, sftp_class: type[asyncssh.SFTPServer] = asyncssh.SFTPServer,
                 host_key: asyncssh.SSHKey | None = None) -> None:  # fmt: skip
        self.root, self.user = root, user
        self.host_key = host_key or asyncssh.generate_private_key("ssh-ed25519")
        self._client_key, self._password, self._sftp_class = client_key, password, sftp_class
        self._loop = asyncio.new_event_loop()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self.port = 0

    def start(self) -> LocalSftpServer:
        self.root.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=self._loop.run_forever, name="revcycle-sftp-server", daemon=True).start()
        self._acceptor = asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=30)
        self.port = self._acceptor.get_port()
        return self

    async def _listen(self) -> asyncssh.SSHAcceptor:
        root = str(self.root)
        return await asyncssh.listen(
            "127.0.0.1", 0, server_host_keys=[self.host_key], allow_scp=False,
            server_factory=lambda: _OneUser(self.user, self._client_key, self._password, self._connections),
            sftp_factory=lambda channel: self._sftp_class(channel, chroot=root),
        )  # fmt: skip

    def known_hosts_line(self) -> str:
        """The server's line for a known_hosts file."""
        return f"[127.0.0.1]:{self.port} {self.host_key.export_public_key().decode().strip()}\n"

    def stop(self) -> None:
        if self._acceptor is not None:
            acceptor, self._acceptor = self._acceptor, None

            async def close() -> None:
                acceptor.close()
                await acceptor.wait_closed()
                for connection in list(self._connections):  # the sessions still open end too
                    connection.close()
                    await connection.wait_closed()

            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=30)
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)

    def __enter__(self) -> LocalSftpServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
