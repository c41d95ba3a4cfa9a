"""The helplinks command: migrations, import (idempotent, all or nothing) and export."""
import yaml
from sqlalchemy import inspect

from api.store.folder import read_folder
from tests.support.apps import FIXTURES
def test_db_upgrade_creates_the_schema_on_an_empty_database(empty_app):
    store = empty_app.extensions["helplinks"].store
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0  # twice is harmless
    tables = set(inspect(store.engine).get_table_names())
    assert {"entries", "directory_state", "alembic_version"} <= tables
    assert store.count() == 0 and store.directory_version() == 0


def test_import_is_idempotent(empty_app):
    runner = empty_app.test_cli_runner()
    store = empty_app.extensions["helplinks"].store
    first = runner.invoke(args=["import", str(FIXTURES)])
    assert first.exit_code == 0, first.output
    assert "13 created" in first.output
    version = store.directory_version()
    again = runner.invoke(args=["import", str(FIXTURES)])
    assert "0 created, 0 updated, 13 unchanged" in again.output
    assert store.directory_version() == version


def test_import_if_empty_leaves_a_filled_database_alone(app):
    result = app.test_cli_runner().invoke(args=["import", "--if-empty", str(FIXTURES)])
    assert "nothing imported" in result.output


def test_a_broken_folder_imports_nothing(empty_app, tmp_path):
    folder = tmp_path / "resources"
    folder.mkdir()
    entries = yaml.safe_load((FIXTURES / "fr.yaml").read_text(encoding="utf-8"))["entries"]
    entries[-1]["contacts"][0]["value"] = "not a number"
    (folder / "fr.yaml").write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    result = empty_app.test_cli_runner().invoke(args=["import", str(folder)])
    assert result.exit_code != 0
    assert "nothing imported" in result.output
    assert empty_app.extensions["helplinks"].store.count() == 0


def test_export_then_import_round_trips_losslessly(app, tmp_path):
    runner = app.test_cli_runner()
    store = app.extensions["helplinks"].store
    before = {s.document["id"]: s.document for s in store.entries()}
    result = runner.invoke(args=["export", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ca.yaml", "fr.yaml", "intl.yaml"]
    documents, defects = read_folder(tmp_path / "out")
    assert not defects
    assert {d["id"]: d for d in documents} == before
    again = runner.invoke(args=["import", str(tmp_path / "out")])
    assert "13 unchanged" in again.output
