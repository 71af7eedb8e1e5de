"""A small closed-loop HTTP/1.1 load generator for the API benchmark (loopback only).

``run_load(host, port, path, connections=20, seconds=8)`` keeps ``connections`` keep-alive
connections busy with ``GET path`` for ``seconds`` and returns requests/s, p50, p95 and the
number of errors. Raw asyncio streams rather than an HTTP library, so that the client costs
the shared cores as little as possible and the server is what is measured.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed by the server")
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while size := int((await reader.readline()).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        await reader.readexactly(length)
    return status


async def _worker(
    host: str, port: int, request: bytes, until: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            try:
                status = await _get(reader, writer, request)
            except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                errors.append(0)
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            latencies.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def _load(host: str, port: int, path: str, connections: int, seconds: float) -> LoadResult:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    latencies: list[float] = []
    errors: list[int] = []
    t0 = time.perf_counter()
    until = t0 + seconds
    await asyncio.gather(
        *(_worker(host, port, request, until, latencies, errors) for _ in range(connections))
    )
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return LoadResult(len(latencies), len(errors), elapsed, pct(0.50), pct(0.95))


def run_load(host: str, port: int, path: str, *, connections: int = 20, seconds: float = 8.0) -> LoadResult:
    """Closed-loop load on ``http://host:port/path`` (loopback addresses only)."""
    if host not in LOOPBACK:
        raise ValueError("the load benchmark only targets a server on this machine (loopback)")
    return asyncio.run(_load(host, port, path, connections, seconds))
