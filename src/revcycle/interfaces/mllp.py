"""MLLP (HL7's Minimal Lower Layer Protocol): each message framed as 0x0B, the text, 0x1C 0x0D, over TCP.

    server = await serve("127.0.0.1", 2575, handle)   # handle(text) -> the ACK text, awaited per message
    async with server: await server.serve_forever()

    with listening_in_thread(handle) as port: ...       # the listener on a free 127.0.0.1 port, its loop in a thread

    with MllpClient("127.0.0.1", 2575) as client:     # a blocking client (tests, benchmarks, `interfaces send`)
        ack = client.send(text)

The listener reads each connection's messages in order and answers each before reading the next, so an EHR that
waits for its ACK (as they do) gets them in order; connections are served side by side. Bytes before a start
block are skipped (a stray newline between frames); a frame longer than `max_bytes` closes the connection. The
text is decoded as UTF-8, else Latin-1 (what EHRs send without saying). Nothing of a message is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
from collections.abc import Awaitable, Callable, Iterator
from types import TracebackType

START = b"\x0b"
END = b"\x1c\x0d"
MAX_BYTES = 4 * 1024 * 1024
log = logging.getLogger("revcycle.interfaces.mllp")

Handler = Callable[[str], Awaitable[str]]


def frame(text: str) -> bytes:
    """The text as one MLLP frame (segments joined by CR as HL7 wants them)."""
    return START + text.encode("utf-8") + END


def decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


async def read_frame(reader: asyncio.StreamReader, max_bytes: int = MAX_BYTES) -> str | None:
    """The next message's text; None at the end of the stream. ValueError for a frame past `max_bytes`."""
    try:
        await reader.readuntil(START)
        data = await reader.readuntil(END)
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as error:
        raise ValueError(f"an MLLP frame longer than the reader's limit ({error.consumed} bytes)") from error
    if len(data) > max_bytes:
        raise ValueError(f"an MLLP frame of {len(data)} bytes; at most {max_bytes}")
    return decoded(data[: -len(END)])


async def serve(host: str, port: int, handle: Handler, max_bytes: int = MAX_BYTES) -> asyncio.Server:
    """A started MLLP listener on host:port answering each message with `await handle(text)`."""

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        try:
            while (text := await read_frame(reader, max_bytes)) is not None:
                writer.write(frame(await handle(text)))
                await writer.drain()
        except (ValueError, ConnectionError) as error:
            log.warning("MLLP connection from %s closed: %s", peer, type(error).__name__)
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    return await asyncio.start_server(connection, host, port, limit=max_bytes + 16)


class MllpClient:
    """A blocking MLLP client: `send(text)` writes one frame and returns the ACK's text."""

    def __init__(self, host: str, port: int, timeout: float = 30.0) -> None:
        self._socket = socket.create_connection((host, port), timeout=timeout)
        self._buffer = b""

    def send(self, text: str) -> str:
        self._socket.sendall(frame(text))
        return self.receive()

    def send_many(self, texts: list[str]) -> list[str]:
        """Write every frame, then read their ACKs in order (pipelined: the listener answers in order)."""
        self._socket.sendall(b"".join(frame(text) for text in texts))
        return [self.receive() for _text in texts]

    def receive(self) -> str:
        while END not in self._buffer:
            chunk = self._socket.recv(65536)
            if not chunk:
                raise ConnectionError("the MLLP listener closed the connection before answering")
            self._buffer += chunk
        data, _end, self._buffer = self._buffer.partition(END)
        return decoded(data[data.find(START) + 1 :])

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> MllpClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:  # fmt: skip
        self.close()


async def drained(timeout: float = 2.0) -> None:
    """Wait (at most `timeout` s) for the loop's other tasks: the connections a closed listener is still finishing."""
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    if others:
        await asyncio.wait(others, timeout=timeout)


@contextlib.contextmanager
def listening_in_thread(handle: Handler, host: str = "127.0.0.1", port: int = 0) -> Iterator[int]:
    """The listener on host:port (0: a free port) with its asyncio loop in a daemon thread; yields the bound port.
    On exit the listener is closed and its connections finished (tests and benchmarks; the CLI serves in its loop)."""
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, asyncio.Server] = {}

    async def run() -> None:
        server = await serve(host, port, handle)
        holder["server"] = server
        started.set()
        async with server:
            with contextlib.suppress(asyncio.CancelledError):
                await server.serve_forever()
        await drained()

    thread = threading.Thread(target=lambda: loop.run_until_complete(run()), daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the MLLP listener did not start")
    try:
        yield holder["server"].sockets[0].getsockname()[1]
    finally:
        loop.call_soon_threadsafe(holder["server"].close)
        thread.join(10)
        loop.close()
