"""A loopback TCP proxy that adds latency, as a studio's link to the farm would.

Each direction delays every chunk by ``rtt/2`` without limiting throughput (chunks are queued
with their due time, order kept). Run on its own::

    python benchmarks/latency_proxy.py --upstream 127.0.0.1:8765 --port 9000 --rtt-ms 20

or in a script: ``with LatencyProxy("127.0.0.1", 8765, rtt_s=0.02) as proxy: proxy.port``.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time


class LatencyProxy:
    def __init__(self, upstream_host: str, upstream_port: int, rtt_s: float = 0.02, port: int = 0):
        self.upstream = (upstream_host, upstream_port)
        self.delay = rtt_s / 2.0
        self.port = port
        self._loop = None
        self._server = None
        self._thread = None
        self._ready = threading.Event()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        queue: asyncio.Queue = asyncio.Queue()

        async def pump_in():
            while True:
                data = await reader.read(65536)
                await queue.put((time.monotonic() + self.delay, data))
                if not data:
                    return

        async def pump_out():
            while True:
                due, data = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    try:
                        writer.write_eof()
                    except (OSError, RuntimeError):
                        pass
                    return
                writer.write(data)
                await writer.drain()

        try:
            await asyncio.gather(pump_in(), pump_out())
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(self._pipe(client_reader, up_writer), self._pipe(up_reader, client_writer))

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def start(self) -> "LatencyProxy":
        self._thread = threading.Thread(target=self._run, name="latency-proxy", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._server.close)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def __enter__(self) -> "LatencyProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--upstream", required=True, help="host:port of the farm")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--rtt-ms", type=float, default=20.0)
    args = ap.parse_args()
    host, _, port = args.upstream.rpartition(":")
    with LatencyProxy(host, int(port), args.rtt_ms / 1000.0, args.port) as proxy:
        print("proxy on 127.0.0.1:%d -> %s, +%g ms round trip; Ctrl+C stops" % (proxy.port, args.upstream, args.rtt_ms))
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
