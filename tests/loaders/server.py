"""A real HTTP server on 127.0.0.1 that plays scripted replies: statuses, headers, delays and bodies cut short."""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds of silence before the status line (a read timeout on the client)
    cut_to: int | None = None  # send only this many body bytes, then close, while Content-Length promises all
    trickle: float = 0.0  # seconds between two body bytes (slower than any budget, faster than a read timeout)


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw_path: str


class LocalServer:
    """Routes (path, query subset) -> a sequence of replies; the last reply repeats. Records every request."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], list[Reply]]] = []
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def on(self, path: str, *replies: Reply, query: dict[str, str] | None = None) -> None:
        self.routes.append((path, query or {}, list(replies)))
        self.routes.sort(key=lambda route: -len(route[1]))

    def reply_for(self, path: str, query: dict[str, str]) -> Reply:
        with self._lock:
            for prefix, wanted, replies in self.routes:
                if path.startswith(prefix) and all(query.get(k) == v for k, v in wanted.items()):
                    return replies.pop(0) if len(replies) > 1 else replies[0]
        return Reply(404, b'{"error":"no route in the test server"}')

    def start(self) -> LocalServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            server.seen.append(Seen(parts.path, query, dict(self.headers.items()), self.path))
            reply = server.reply_for(parts.path, query)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                body = reply.body if reply.cut_to is None else reply.body[:reply.cut_to]
                for piece in ([body[i:i + 1] for i in range(len(body))] if reply.trickle else [body]):
                    self.wfile.write(piece)
                    self.wfile.flush()
                    time.sleep(reply.trickle)
                if reply.cut_to is not None:
                    self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # the client gave up (timeout test); nothing to do

        def log_message(self, *args) -> None:
            pass

    return Handler


class Blackhole:
    """A listening socket whose accept queue is full, so a new connection never completes (a connect timeout)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(self.listener.getsockname())
            except BlockingIOError:
                pass
            self.fillers.append(filler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def close(self) -> None:
        for sock in (*self.fillers, self.listener):
            sock.close()
