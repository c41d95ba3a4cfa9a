"""The helplinks command: database, import and export of the curated folder."""
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .curated import read_folder, write_folder
from .services import services


def register(app: Flask) -> None:
    for command in (db, import_folder, export_folder):
        app.cli.add_command(command)


@click.group(help="The database schema.")
def db():
    pass


@db.command("upgrade", help="Create the database or migrate it to the newest schema.")
@with_appcontext
def db_upgrade():
    services().store.migrate()
    click.echo("database is up to date")


@click.command("import", help="Import a resources/ folder: validated, all or nothing, idempotent.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--if-empty", is_flag=True, help="Only when the database holds no entry yet.")
@with_appcontext
def import_folder(folder, if_empty):
    store = services().store
    if if_empty and store.count():
        click.echo("database already holds entries: nothing imported")
        return
    folder = folder or Path(current_app.config["RESOURCES_DIR"])
    documents, defects = read_folder(folder)
    if defects:
        for defect in defects:
            click.echo(str(defect), err=True)
        raise click.ClickException(f"{len(defects)} problem(s) in {folder}: nothing imported")
    counts = store.import_documents(documents)
    click.echo(f"imported {len(documents)} entries from {folder}: "
               f"{counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged")


@click.command("export", help="Write the stored entries back as YAML files, one per country.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def export_folder(folder):
    documents = [stored.document for stored in services().store.entries()]
    for path in write_folder(documents, folder):
        click.echo(str(path))


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=True, help="helplinks: help links for in-app help screens.")
    sys.exit(cli.main())
