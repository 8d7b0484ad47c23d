"""A throwaway PostgreSQL server for tests and benchmarks: initdb into a temporary directory, start it
on a free port, create one fresh database per test, stop it and delete everything at the end.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user (created
by Debian's package) and the directory is handed to that user. Nothing is left behind after `stop()`.
"""

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PASSWORD_LENGTH = 16


def binaries() -> Path | None:
    """Debian's PostgreSQL binaries (newest version installed), or None when the package is missing."""
    for candidate in BIN_DIRS:
        if (candidate / "pg_ctl").is_file():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL is not installed (Debian package 'postgresql')")
        self.dir = Path(tempfile.mkdtemp(prefix="igm-pg-"))
        self.port = free_port()
        self.password = secrets.token_hex(PASSWORD_LENGTH // 2)
        self.user = "postgres"
        self._as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(
            [*self._as_user, *args], check=True, capture_output=True, text=True, timeout=120, env=env
        )

    def start(self) -> "ThrowawayPostgres":
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if self._as_user:
            shutil.chown(self.dir, "postgres")
            shutil.chown(pwfile, "postgres")
        data = self.dir / "data"
        self._run(
            str(self.bin / "initdb"), "-D", str(data), "-A", "md5", f"--pwfile={pwfile}", "-U", "postgres"
        )
        pwfile.unlink()
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server (again, after `pause`) on the same port with the same data."""
        options = f"-p {self.port} -k {self.dir} -h 127.0.0.1 -c fsync=off -c max_connections=200"
        log = str(self.dir / "log")
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-o", options, "-l", log, "-w", "start"
        )

    def pause(self) -> None:
        """Stop the server at once, keeping its data: what a crash or a restart looks like to clients."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        try:
            if (self.dir / "data" / "postmaster.pid").exists():  # not already paused
                self.pause()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        password = self.password if password is None else password
        return f"postgresql://{self.user}:{password}@127.0.0.1:{self.port}/{database}"

    def _sql(self, statement: str) -> None:
        self._run(
            str(self.bin / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement,
        )

    def create_database(self, template: str = "") -> str:
        """A new database, empty or a copy of `template`; returns its name."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._sql(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
