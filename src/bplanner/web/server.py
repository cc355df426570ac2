"""Run the page: bind the address first (so a port in use is one clear line), then serve."""

from __future__ import annotations

import socket
import threading
import webbrowser


class ServeError(Exception):
    """The server cannot start (the address is in use or cannot be bound)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; ServeError says why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host}: {exc.strerror or exc}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        hint = "; choose another with --port" if port else ""
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    return f"http://{shown}:{port}/"


def make_server(app, sock: socket.socket):
    """A uvicorn server for ``app`` on ``sock`` (run it with ``server.run(sockets=[sock])``)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            server_header=False, proxy_headers=False)
    return uvicorn.Server(config)


def serve(app, sock: socket.socket, url: str, open_browser: bool) -> None:
    """Serve until Ctrl-C; open the page in the browser once the socket listens."""
    server = make_server(app, sock)
    if open_browser:
        threading.Timer(0.3, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
