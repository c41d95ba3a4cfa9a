"""The helplinks command: database, import and export of the curated folder."""
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .auth import new_key
from .curated import read_folder, write_folder
from .directory.phones import INTERNATIONAL
from .schemas import COUNTRY_CODES
from .services import services
from .store import PartnerError


def register(app: Flask) -> None:
    for command in (db, import_folder, export_folder, partners):
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


@click.group(help="Partner accounts and their API keys.")
def partners():
    pass


def _codes(_ctx, _param, value: str) -> list[str]:
    codes = [code.strip().upper() for code in (value or "").split(",") if code.strip()]
    wrong = [code for code in codes if code not in COUNTRY_CODES and code != INTERNATIONAL]
    if wrong:
        raise click.BadParameter(f"not ISO 3166-1 alpha-2 codes: {', '.join(wrong)}")
    return codes


def _show_key(key: str) -> None:
    click.echo("key (shown once, it is stored only as a hash; keep it in a secret store):")
    click.echo(key)


def _carry_out(action):
    try:
        return action()
    except PartnerError as error:
        raise click.ClickException(str(error)) from None


@partners.command("create", help="Create a partner and print its new key, once.")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May change every entry and review changes.")
@click.option("--owns", "entries", multiple=True, metavar="ID", help="An entry it may change (repeat, or ID,ID).")
@click.option("--countries", callback=_codes, default="", metavar="FR,BE", help="Where it may create entries.")
@click.option("--review-required", is_flag=True, help="Every change it makes waits for an admin.")
@with_appcontext
def create_partner(name, admin, entries, countries, review_required):
    owned = [e.strip() for item in entries for e in item.split(",") if e.strip()]
    key = new_key()
    partner = _carry_out(lambda: services().store.add_partner(
        name, key.key_id, key.key_hash, admin=admin, review_required=review_required,
        countries=countries, entries=owned))
    click.echo(f"partner {partner.name!r} created (key id {partner.key_id})")
    _show_key(key.key)


@partners.command("rotate", help="Give a partner a new key; the old one stops working at once.")
@click.argument("name")
@with_appcontext
def rotate_partner(name):
    key = new_key()
    partner = _carry_out(lambda: services().store.set_partner_key(name, key.key_id, key.key_hash))
    click.echo(f"partner {partner.name!r} has a new key (key id {partner.key_id})")
    _show_key(key.key)


@partners.command("revoke", help="Revoke a partner's key (rotate gives it a new one).")
@click.argument("name")
@with_appcontext
def revoke_partner(name):
    partner = _carry_out(lambda: services().store.revoke_partner(name))
    click.echo(f"partner {partner.name!r}: key {partner.key_id} revoked")


@partners.command("list", help="Partners, their scope and the state of their key (never the key).")
@with_appcontext
def list_partners():
    for p in services().store.partners():
        state = f"revoked {p.revoked_at:%Y-%m-%d}" if p.revoked_at else f"active since {p.key_created_at:%Y-%m-%d}"
        role = "admin" if p.admin else "partner" + (", review required" if p.review_required else "")
        click.echo(f"{p.name}\t{role}\tkey {p.key_id} {state}\tcountries: {','.join(p.countries) or '-'}"
                   f"\towns: {','.join(p.entries) or '-'}")


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=True, help="helplinks: help links for in-app help screens.")
    sys.exit(cli.main())
