"""A throwaway ArcadeDB server with its Bolt plugin on 127.0.0.1, for tests and benchmarks.

ArcadeDB comes from the ``arcadedb-embedded`` package (a dev dependency; it bundles its own Java
runtime). The server runs in a child process (``python -m graph.devserver``) so that the JVM and the
logs ArcadeDB writes to its working directory stay out of the caller's process and folder; the child
stops the server and exits when its stdin closes, so it cannot outlive the caller. The root password
travels in the environment, never on the command line.

    with ArcadeServer(tmp_path) as server:
        store = open_store(server.url("demo"))
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

PASSWORD_ENV = "EXPORTWATCH_DEVSERVER_PASSWORD"
DEFAULT_PASSWORD = "exportwatch-test"
READY = "READY"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ArcadeServer:
    """An ArcadeDB server in a child process, with Bolt on a free 127.0.0.1 port."""

    def __init__(
        self,
        root: Path,
        *,
        databases: tuple[str, ...] = ("exportwatch",),
        password: str = DEFAULT_PASSWORD,
        timeout: float = 90.0,
    ) -> None:
        self.root = Path(root)
        self.databases = databases
        self.user = "root"
        self.password = password
        self.timeout = timeout
        self.bolt_port = 0
        self._proc: subprocess.Popen[str] | None = None

    def url(self, database: str | None = None, *, credentials: bool = True) -> str:
        """``bolt://root:<password>@127.0.0.1:<port>/<database>`` (credentials optional)."""
        auth = f"{self.user}:{self.password}@" if credentials else ""
        path = f"/{database}" if database else ""
        return f"bolt://{auth}127.0.0.1:{self.bolt_port}{path}"

    def start(self) -> ArcadeServer:
        """Start the server and wait until Bolt accepts connections."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.bolt_port = free_port()
        env = {**os.environ, PASSWORD_ENV: self.password}
        cmd = [sys.executable, "-m", "graph.devserver", str(self.root), str(self.bolt_port), *self.databases]
        self._proc = subprocess.Popen(
            cmd,
            cwd=self.root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(self.root / "server.err", "w"),  # noqa: SIM115 - handed to the child
            text=True,
        )
        deadline = time.monotonic() + self.timeout
        assert self._proc.stdout is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            ready, _, _ = select.select([self._proc.stdout], [], [], 0.5)
            if ready:
                line = self._proc.stdout.readline()
                if line.strip() == READY:
                    return self
        err = (self.root / "server.err").read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"ArcadeDB did not start within {self.timeout:.0f} s:\n{err}")

    def stop(self) -> None:
        """Stop the server (close its stdin, then terminate if it lingers)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> ArcadeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _serve(root: str, port: int, databases: list[str]) -> None:  # pragma: no cover - runs in the child
    import arcadedb_embedded as arcadedb

    password = os.environ.get(PASSWORD_ENV, DEFAULT_PASSWORD)
    config = {
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": port,
        "host": "127.0.0.1",
        "http_port": free_port(),
        "server_httpsIncomingPort": free_port(),
    }
    server = arcadedb.create_server(
        root_path=str(Path(root) / "databases"), root_password=password, config=config
    )
    server.start()

    def stop(_sig: int, _frame: FrameType | None) -> None:
        server.stop()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    for name in databases:
        server.create_database(name)
    print(READY, flush=True)
    sys.stdin.read()  # returns when the parent closes our stdin or dies
    server.stop()
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    _serve(sys.argv[1], int(sys.argv[2]), sys.argv[3:])
