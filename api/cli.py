"""The helplinks command: database, import and export of the curated folder."""
import json
import sys
from pathlib import Path

import click
import yaml
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .directory import screens
from .directory import texts as service_texts
from .directory.coverage import coverage_table
from .directory.freshness import only_weak_sources, stale
from .directory.entries import Entry
from .directory.phones import INTERNATIONAL
from .directory.selection import Directory
from .directory.taxonomy import CATEGORY_SLUGS
from .i18n import worksheets
from .runtime import current_runtime
from .schemas import COUNTRY_CODES
from .store import PartnerError
from .store.folder import FolderEditError, edit_folder, read_folder, read_gaps, stale_entries, write_folder
from .web.auth import new_key


def register(app: Flask) -> None:
    for command in (db, import_folder, export_folder, validate_folder, coverage, screens_command, stale_command,
                    catalogs, texts, partners):
        app.cli.add_command(command)


def _folder(folder: Path | None) -> Path:
    return folder or Path(current_app.config["RESOURCES_DIR"])


@click.group(help="The database schema.")
def db():
    pass


@db.command("upgrade", help="Create the database or migrate it to the newest schema.")
@with_appcontext
def db_upgrade():
    current_runtime().store.migrate()
    click.echo("database is up to date")


@click.command("import", help="Import a resources/ folder: validated, all or nothing, idempotent.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--if-empty", is_flag=True, help="Only when the database holds no entry yet.")
@with_appcontext
def import_folder(folder, if_empty):
    store = current_runtime().store
    if if_empty and store.count():
        click.echo("database already holds entries: nothing imported")
        return
    folder = _folder(folder)
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
    documents = [stored.document for stored in current_runtime().store.entries()]
    for path in write_folder(documents, folder):
        click.echo(str(path))


@click.command("validate", help="Check a resources/ folder; print each problem as file: entry: field: problem.")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--max-age-days", type=int, help="Report entries verified longer ago than this (default STALE_AFTER_DAYS).")
@click.option("--fail-on-stale", is_flag=True, help="Exit non-zero when an entry is stale, too.")
@with_appcontext
def validate_folder(folder, max_age_days, fail_on_stale):
    folder = _folder(folder)
    documents, defects = read_folder(folder)
    max_age = _max_age(max_age_days)
    stale_ones = stale_entries(documents, current_runtime().clock().date(), max_age)
    weak = [(document["id"], found) for document in documents if (found := only_weak_sources(document["sources"]))]
    for defect in defects:
        click.echo(str(defect))
    for entry in stale_ones:
        click.echo(f"stale: {entry.id}: verified_at: {entry.verified_at} is more than {max_age} days ago")
    for entry_id, sources in weak:
        reasons = "; ".join(f"{source} is {why}" for source, why in sources)
        click.echo(f"warning: {entry_id}: sources: only weak sources ({reasons})")
    click.echo(f"{len(documents)} valid entries, {len(defects)} problem(s), {len(stale_ones)} stale, "
               f"{len(weak)} with only weak sources, in {folder}")
    if defects or (fail_on_stale and stale_ones):
        raise SystemExit(1)


def _max_age(max_age_days: int | None) -> int:
    return max_age_days if max_age_days is not None else current_app.config["STALE_AFTER_DAYS"]


def _directory(folder: Path | None, database: bool) -> Directory:
    """What the database serves (`database`), or a valid folder's entries."""
    if database:
        return current_runtime().load_directory()
    documents, defects = read_folder(_folder(folder))
    if defects:
        raise click.ClickException(f"{len(defects)} problem(s): run helplinks validate first")
    return Directory(Entry.from_document(d) for d in documents)


FOLDER = click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
DATABASE = click.option("--database", is_flag=True, help="Read what the database serves instead of a folder.")


@click.command("coverage", help="A table of listen/report entries per country and category.")
@FOLDER
@DATABASE
@with_appcontext
def coverage(folder, database):
    click.echo(format_table(coverage_table(_directory(folder, database))))


@click.command("screens", help="List every help screen a child or a teen can reach that breaks a screen rule "
                                "(docs/screens.md), with the rules it breaks; exit 1 if any does.")
@FOLDER
@DATABASE
@click.option("--country", callback=lambda _ctx, _param, value: _country(value), metavar="CC", help="Only this country.")
@with_appcontext
def screens_command(folder, database, country):
    directory = _directory(folder, database)
    accepted = read_gaps(_folder(folder))
    broken = total = 0
    known: dict[tuple, int] = {}
    for code in [country.upper()] if country else sorted(directory.covered):
        for screen, found in screens.check(directory, code, accepted):
            total += 1
            if found:
                broken += 1
                click.echo(f"{screens.describe(screen)}: " + "; ".join(map(str, found)))
            for rule in screens.gaps(directory, screen) - {b.rule for b in found}:
                key = (code, screen.subdivision or "", screen.audience, rule)
                known[key] = known.get(key, 0) + 1
    for (code, area, audience, rule), count in sorted(known.items()):
        where = " ".join(part for part in (code, area, audience) if part)
        click.echo(f"known gap, {where}: {screens.RULES[rule]} ({count} screens answer with what is known)")
    click.echo(f"{total - broken} of {total} screens complete")
    if broken:
        raise SystemExit(1)


@click.command("stale", help="List the entries verified longer ago than STALE_AFTER_DAYS, oldest first.")
@FOLDER
@DATABASE
@click.option("--max-age-days", type=int, help="Instead of STALE_AFTER_DAYS.")
@with_appcontext
def stale_command(folder, database, max_age_days):
    directory, max_age, today = _directory(folder, database), _max_age(max_age_days), current_runtime().clock().date()
    found = stale(directory.by_id.values(), today, max_age)
    for entry in found:
        hidden = "" if entry.published else "  (not shown: waiting for review)"
        click.echo(f"{entry.verified_at}  {(today - entry.verified_at).days:>5} days  {entry.id}{hidden}")
    click.echo(f"{len(found)} of {len(directory.by_id)} entries verified more than {max_age} days ago")


@click.group(help="The translation catalogs in locales/.")
def catalogs():
    pass


@catalogs.command("missing", help="Write a YAML worksheet of the messages each catalog still lacks.")
@click.argument("locales", nargs=-1)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write it (stdout).")
def catalogs_missing(locales, output):
    sheet = worksheets.missing(list(locales) or None)
    if sheet:
        yaml.safe_dump(sheet, output, allow_unicode=True, sort_keys=False, width=100)
    total = sum(len(part["messages"]) for part in sheet.values())
    click.echo(f"{total} message(s) to translate in {len(sheet)} catalog(s)", err=True)


@catalogs.command("fill", help="Write the translations of a filled-in worksheet into the catalogs.")
@click.argument("worksheet", type=click.File("r", encoding="utf-8"))
def catalogs_fill(worksheet):
    try:
        counts = worksheets.fill(yaml.safe_load(worksheet))
    except worksheets.WorksheetError as error:
        raise click.ClickException(str(error)) from None
    for locale, count in counts.items():
        click.echo(f"{locale}: {count} message(s) translated")


@click.group(help="Service texts (names, descriptions, calls to action) in every language, in resources/.")
def texts():
    pass


@texts.command("missing", help="Write a YAML worksheet of the published texts that LANGUAGES lack or whose original changed.")
@click.argument("languages", nargs=-1, required=True)
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), help="The curated folder (resources/).")
@click.option("--country", "countries", multiple=True, help="Only entries of this country (INTL: international); repeatable.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Where to write it (stdout).")
def texts_missing(languages, folder, countries, output):
    documents, defects = read_folder(_folder(folder))
    if defects:
        raise click.ClickException(f"{len(defects)} problem(s): run helplinks validate first")
    rows = service_texts.wanted(documents, list(languages), {c.upper() for c in countries} or None)
    if rows:
        yaml.safe_dump({"texts": rows}, output, allow_unicode=True, sort_keys=False, width=100)
    click.echo(f"{len(rows)} text(s) to translate", err=True)


@texts.command("fill", help="Write the translations of a filled-in worksheet into the curated folder.")
@click.argument("worksheet", type=click.File("r", encoding="utf-8"))
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), help="The curated folder (resources/).")
def texts_fill(worksheet, folder):
    rows = [row for row in (yaml.safe_load(worksheet) or {}).get("texts") or () if row.get("text")]
    by_entry: dict[str, list[dict]] = {}
    for row in rows:
        by_entry.setdefault(row["id"], []).append(row)
    moved = []

    def translate(entry) -> bool:
        written = False
        for row in by_entry.get(entry["id"], ()):
            refused = service_texts.apply(entry, row["language"], row["field"], row["original"], row["text"])
            if refused:
                moved.append(f"{row['language']} {row['id']} {row['field']}: {refused}")
            written = written or not refused
        return written

    try:
        written = edit_folder(_folder(folder), translate)
    except FolderEditError as error:
        raise click.ClickException(f"nothing written: {error}") from None
    click.echo(f"{len(rows) - len(moved)} text(s) written in {len(written)} file(s)")
    if moved:
        click.echo("left out:\n  " + "\n  ".join(moved), err=True)


@texts.command("stamp", help="Mark every translation that has no fingerprint as translated from today's original.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), help="The curated folder (resources/).")
def texts_stamp(folder):
    def stamp(entry) -> bool:
        before = json.dumps(entry, default=str, sort_keys=True)
        service_texts.stamp_missing(entry)
        return json.dumps(entry, default=str, sort_keys=True) != before

    written = edit_folder(_folder(folder), stamp)
    click.echo(f"{len(written)} file(s) stamped")


@click.group(help="Partner accounts and their API keys.")
def partners():
    pass


def _codes(_ctx, _param, value: str) -> list[str]:
    codes = [code.strip().upper() for code in (value or "").split(",") if code.strip()]
    wrong = [code for code in codes if code not in COUNTRY_CODES and code != INTERNATIONAL]
    if wrong:
        raise click.BadParameter(f"not ISO 3166-1 alpha-2 codes: {', '.join(wrong)}")
    return codes


def _country(value: str | None) -> str | None:
    code = value.strip().upper() if value else None
    if code is not None and code not in COUNTRY_CODES:
        raise click.BadParameter(f"not an ISO 3166-1 alpha-2 code: {value}")
    return code


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
    partner = _carry_out(lambda: current_runtime().store.add_partner(
        name, key.key_id, key.key_hash, admin=admin, review_required=review_required,
        countries=countries, entries=owned))
    click.echo(f"partner {partner.name!r} created (key id {partner.key_id})")
    _show_key(key.key)


@partners.command("rotate", help="Give a partner a new key; the old one stops working at once.")
@click.argument("name")
@with_appcontext
def rotate_partner(name):
    key = new_key()
    partner = _carry_out(lambda: current_runtime().store.set_partner_key(name, key.key_id, key.key_hash))
    click.echo(f"partner {partner.name!r} has a new key (key id {partner.key_id})")
    _show_key(key.key)


@partners.command("revoke", help="Revoke a partner's key (rotate gives it a new one).")
@click.argument("name")
@with_appcontext
def revoke_partner(name):
    partner = _carry_out(lambda: current_runtime().store.revoke_partner(name))
    click.echo(f"partner {partner.name!r}: key {partner.key_id} revoked")


@partners.command("list", help="Partners, their scope and the state of their key (never the key).")
@with_appcontext
def list_partners():
    for p in current_runtime().store.partners():
        state = f"revoked {p.revoked_at:%Y-%m-%d}" if p.revoked_at else f"active since {p.key_created_at:%Y-%m-%d}"
        role = "admin" if p.admin else "partner" + (", review required" if p.review_required else "")
        click.echo(f"{p.name}\t{role}\tkey {p.key_id} {state}\tcountries: {','.join(p.countries) or '-'}"
                   f"\towns: {','.join(p.entries) or '-'}")


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=True, help="helplinks: help links for in-app help screens.")
    sys.exit(cli.main())


def format_table(table: dict[str, dict[str, tuple[int, int]]]) -> str:
    """A plain-text grid: one row per category, one column per country, cells "listen/report"."""
    countries = list(table)
    width = max(len(slug) for slug in CATEGORY_SLUGS)
    lines = [" " * width + "  " + "  ".join(f"{c:>5}" for c in countries)]
    for slug in CATEGORY_SLUGS:
        cells = "  ".join(f"{'%d/%d' % table[c][slug]:>5}" for c in countries)
        lines.append(f"{slug:<{width}}  {cells}")
    lines.append("cells: listening lines and support / reporting routes; 0/0 is a gap")
    return "\n".join(lines)
