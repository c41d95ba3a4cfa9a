"""Test databases: one template per content, built once per session, copied for every test.

A content is what a test's app starts from: None (an empty database, not even migrated), "migrated",
"fixtures" (tests/fixtures/directory imported) or "shipped" (resources/ imported). SQLite templates are
files copied into the test's folder; PostgreSQL ones are databases the test's database is created from
(CREATE DATABASE ... TEMPLATE), named after the pytest-xdist worker so that parallel workers never meet.
"""
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from .apps import FIXTURES, RESOURCES, ROOT, import_folder, make_app

FOLDERS = {"fixtures": FIXTURES, "shipped": RESOURCES}
POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.postgres)
# a test about PostgreSQL alone says @only_postgresql (it overrides the `backend` fixture's parameters)
only_postgresql = pytest.mark.parametrize("backend", [POSTGRESQL])


class Writes:
    """Counts the statements that may change a database, whichever engine of this process sends them:
    a PostgreSQL test that wrote nothing leaves its database to the next test with the same content."""

    READS = ("select", "pragma", "show", "set ", "begin", "commit", "rollback", "savepoint", "release")
    count = 0

    @classmethod
    def watch(cls, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().lower().startswith(cls.READS):
            cls.count += 1


event.listen(Engine, "before_cursor_execute", Writes.watch)


def sources_digest() -> str:
    """A digest of everything a template is built from: the code (migrations included), the directories
    imported, and the pinned libraries. SQLite templates are kept between sessions under it."""
    digest = hashlib.sha256()
    files = [ROOT / "constraints.txt", *(ROOT / "api").rglob("*.py"), *(ROOT / "api").rglob("*.ini"),
             *RESOURCES.rglob("*"), *FIXTURES.rglob("*"), Path(__file__)]
    for path in sorted(path for path in files if path.is_file() and "__pycache__" not in path.parts):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build(url: str, content: str) -> None:
    """Migrate the database at `url`, then import the folder `content` names (if any)."""
    app = make_app(url, resources=FOLDERS.get(content, FIXTURES))
    if content in FOLDERS:
        import_folder(app, FOLDERS[content])
    app.extensions["helplinks"].store.engine.dispose()


class SqliteTemplates:
    """Template files in a folder every xdist worker shares, kept between sessions while the sources they
    are built from do not change (the folder is named after their digest): the first to need one builds it."""

    generation = 0  # each test has its own file: a kept app's database never changes under it

    def __init__(self, folder: Path):
        self.folder, self.built = folder, set()

    def release(self, clean: bool) -> None:
        pass  # every test has its own copy

    def copy(self, content: str | None, tmp_path: Path) -> str:
        target = tmp_path / "helplinks.db"
        if content is not None:
            template = self.folder / f"{content}.db"
            if content not in self.built:
                with FileLock(self.folder / f"{content}.lock"):
                    if not template.exists():
                        partial = self.folder / f"{content}.partial.db"
                        partial.unlink(missing_ok=True)  # left by a session that was stopped while building
                        build(f"sqlite:///{partial}", content)
                        partial.rename(template)
                self.built.add(content)
            shutil.copyfile(template, target)
        return f"sqlite:///{target}"

    def close(self) -> None:
        pass


class PostgresTemplates:
    def __init__(self, url: str):
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.url, self.prefix, self.built = make_url(url), f"helplinks_{worker}", set()
        self.current: str | None = None  # the content of the test database, while nothing has written to it
        self.generation = 0  # counts the times the test database was created again or written to
        # the server, reached through the configured database; CREATE/DROP DATABASE need autocommit
        self.server = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_size=1)

    def _run(self, *statements: str) -> None:
        with self.server.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def copy(self, content: str | None, tmp_path: Path) -> str:
        test = f"{self.prefix}_test"
        if content is not None and content == self.current:
            return self._url(test)
        self.current = None
        self.generation += 1
        if content is None:
            self._run(f"DROP DATABASE IF EXISTS {test} WITH (FORCE)", f"CREATE DATABASE {test}")
            return self._url(test)
        template = f"{self.prefix}_{content}"
        if content not in self.built:
            self._run(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)", f"CREATE DATABASE {template}")
            build(self._url(template), content)
            self.built.add(content)
        self._run(f"DROP DATABASE IF EXISTS {test} WITH (FORCE)", f"CREATE DATABASE {test} TEMPLATE {template}")
        self.current = content
        return self._url(test)

    def release(self, clean: bool) -> None:
        """After a test: its database may serve the next one only if it is `clean` (nothing wrote to it)."""
        if not clean:
            self.current = None
            self.generation += 1

    def close(self) -> None:
        names = [f"{self.prefix}_test", *(f"{self.prefix}_{content}" for content in self.built)]
        self._run(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names))
        self.server.dispose()
