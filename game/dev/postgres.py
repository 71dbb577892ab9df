"""A real PostgreSQL for the tests and the bench, from the `pgserver` wheel: initialised in a temporary folder,
listening on 127.0.0.1 only, with a password role (`player`) as a company would give a laptop and
the superuser trusted for the test's own setup. It can be stopped and started again (a server
down for maintenance) on the same port."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import tempfile
from pathlib import Path

PASSWORD = "s3cret-board"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        from pgserver import _commands
        from pgserver.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

        self._cmd = _commands
        self.folder = Path(tempfile.mkdtemp(prefix="ambassador-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = None
        if os.geteuid() == 0:  # postgres never runs as root: pgserver's own user runs it
            self.user = "pgserver"
            ensure_user_exists(self.user)
            ensure_prefix_permissions(self.folder)
            import stat

            perm = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
            ensure_folder_permissions(_commands.POSTGRES_BIN_PATH, perm)
            ensure_folder_permissions(_commands.POSTGRES_BIN_PATH.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
            self.data.mkdir()
            info = pwd.getpwnam(self.user)
            os.chown(self.folder, info.pw_uid, info.pw_gid)
            os.chown(self.data, info.pw_uid, info.pw_gid)
        _commands.initdb(
            ["--auth=trust", "--encoding=utf8", "-U", "postgres"], pgdata=self.data, user=self.user, timeout=60
        )
        hba = (  # `tlsonly` stands for a company server that takes encrypted connections only
            "host all postgres 127.0.0.1/32 trust\nhostssl all tlsonly 127.0.0.1/32 scram-sha-256\n"
            "host all tlsonly 127.0.0.1/32 reject\nhost all all 127.0.0.1/32 scram-sha-256\n"
        )
        (self.data / "pg_hba.conf").write_text(hba)
        conf = f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\nunix_socket_directories = ''\nfsync = off\n"
        with open(self.data / "postgresql.conf", "a") as f:
            f.write(conf)
        self.start()
        self.admin(f"CREATE ROLE player LOGIN PASSWORD '{PASSWORD}'")
        self.admin("CREATE DATABASE board OWNER player")
        self.admin(f"CREATE ROLE tlsonly LOGIN PASSWORD '{PASSWORD}'")

    def url(self, user: str = "player", database: str = "board", password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}?connect_timeout=3"

    def admin(self, sql: str, args: tuple = (), database: str = "postgres") -> list:
        import psycopg

        with psycopg.connect(self.url("postgres", database), autocommit=True) as conn:
            cur = conn.execute(sql, args)
            return cur.fetchall() if cur.description else []

    def start(self) -> None:
        self._cmd.pg_ctl(["-w", "-l", str(self.folder / "log"), "start"], pgdata=self.data, user=self.user, timeout=60)

    def stop(self) -> None:
        self._cmd.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data, user=self.user, timeout=60)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # already stopped
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def fresh_database(self, name: str) -> str:
        """A new empty database owned by `player`: one per test, so tests never see each other's rows."""
        self.admin(f'CREATE DATABASE "{name}" OWNER player')
        return self.url(database=name)
