"""Test databases: one template per content, built once per session, copied for every test.

A content is what a test's app starts from: None (an empty database, not even migrated), "migrated",
"fixtures" (tests/fixtures/directory imported) or "shipped" (resources/ imported). SQLite templates are
files copied into the test's folder; PostgreSQL ones are databases the test's database is created from
(CREATE DATABASE ... TEMPLATE), named after the pytest-xdist worker so that parallel workers never meet,
and a test database some test wrote to is reset from a snapshot of its tables for the next one.
"""
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from api.store.tables import Base

from .apps import FIXTURES, RESOURCES, ROOT, import_folder, make_app

FOLDERS = {"fixtures": FIXTURES, "shipped": RESOURCES}
POSTGRESQL = pytest.param("postgresql", marks=pytest.mark.postgres)
# a test about PostgreSQL alone says @only_postgresql (it overrides the `backend` fixture's parameters); one
# about what the catalogs or the page make of answers, the same whichever database they came from, @only_sqlite
only_postgresql = pytest.mark.parametrize("backend", [POSTGRESQL])
only_sqlite = pytest.mark.parametrize("backend", ["sqlite"])


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
    files = [ROOT / "constraints.txt", *(ROOT / "api").rglob("*.py"), *RESOURCES.rglob("*"), *FIXTURES.rglob("*"),
             Path(__file__)]
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

    def release(self, clean: bool, schema_intact: bool = True) -> None:
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
    """The test database of this worker, created from a template database; it keeps a copy of the tables it
    was created with (schema `snapshot_<content>`), so that after a test that wrote to it the next test with
    the same content gets it back by TRUNCATE and INSERT (milliseconds) instead of a new database (~0.1 s)."""

    TABLES = [table.name for table in Base.metadata.sorted_tables]  # parents first

    def __init__(self, url: str):
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.url, self.prefix, self.built = make_url(url), f"helplinks_{worker}", set()
        self.test = f"{self.prefix}_test"
        self.current: str | None = None  # the content of the test database, while nothing has written to it
        self.snapshot: str | None = None  # the content the test database keeps a copy of, while its schema is intact
        self.generation = 0  # counts the times the test database was created again, reset or written to
        # the server, reached through the configured database; CREATE/DROP DATABASE need autocommit
        self.server = create_engine(self.url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.test_engine = None
        self.serials: list = []  # (table, column) of the serial columns, whose counters a reset sets back

    def _run(self, *statements: str, engine=None) -> None:
        with (engine or self.server).connect() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def copy(self, content: str | None, tmp_path: Path) -> str:
        if content is not None and content == self.current:
            return self._url(self.test)
        self.current = None
        self.generation += 1
        if content is not None and content == self.snapshot:
            self._reset(content)
        else:
            self._create(content)
        self.current = content
        return self._url(self.test)

    def _create(self, content: str | None) -> None:
        """The test database made anew: empty, or from the template of `content`, with its snapshot."""
        self._drop_test()
        if content is None:
            self._run(f"CREATE DATABASE {self.test}")
            return
        template = f"{self.prefix}_{content}"
        if content not in self.built:
            self._run(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)", f"CREATE DATABASE {template}")
            build(self._url(template), content)
            self.built.add(content)
        self._run(f"CREATE DATABASE {self.test} TEMPLATE {template}")
        self.test_engine = create_engine(self._url(self.test), isolation_level="AUTOCOMMIT", pool_size=1)
        schema = f"snapshot_{content}"
        self._run(f"CREATE SCHEMA {schema}", *(f"CREATE TABLE {schema}.{name} AS TABLE public.{name}" for name in self.TABLES),
                  engine=self.test_engine)
        with self.test_engine.connect() as connection:
            self.serials = connection.execute(text(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'")).all()
        self.snapshot = content

    def _reset(self, content: str) -> None:
        """The test database's tables as they were created, serial counters included."""
        schema, tables = f"snapshot_{content}", ", ".join(self.TABLES)
        statements = [f"TRUNCATE {tables} RESTART IDENTITY"]
        statements += [f"INSERT INTO {name} SELECT * FROM {schema}.{name}" for name in self.TABLES]
        statements += [f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), max({column})) FROM {name}"
                       for name, column in self.serials]
        with self.test_engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

    def _drop_test(self) -> None:
        if self.test_engine is not None:
            self.test_engine.dispose()
            self.test_engine = None
        self.snapshot = None
        self._run(f"DROP DATABASE IF EXISTS {self.test} WITH (FORCE)")

    def release(self, clean: bool, schema_intact: bool = True) -> None:
        """After a test: its database may serve the next one only if it is `clean` (nothing wrote to it); a
        test that may have changed its schema (one that held its URL) leaves no snapshot to reset from."""
        if not clean:
            self.current = None
            self.generation += 1
        if not schema_intact:
            self.snapshot = None

    def close(self) -> None:
        self._drop_test()
        self._run(*(f"DROP DATABASE IF EXISTS {self.prefix}_{content} WITH (FORCE)" for content in self.built))
        self.server.dispose()
