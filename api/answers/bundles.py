"""Offline bundles: everything a help screen needs for one country in one locale, and their manifest.

A bundle holds no moment: opening hours travel as rules (time zone, weekly spans, exceptions) so
an app computes "open now" itself, and the bytes only change when the directory does; an app
stores the bundle and revalidates it with If-None-Match.
"""
from typing import TYPE_CHECKING

from ..directory.entries import YOUNG, Entry
from ..directory.present import (
    ADULTS_ONLY, AUDIENCE_LABELS, CHANNEL_LABELS, CLOSED, CLOSED_OPENS_AT, COVERAGE_NOTICES, EVERY_DAY, KIND_LABELS, OPEN_ALL_WEEK,
    OPEN_NOW, Presenter, country_name,
)
from ..directory.locales import bcp47, direction
from ..directory.selection import Directory, HelpQuery, Selection
from .body import Body, quoted
from ..directory.taxonomy import CATEGORIES
from ..schemas import manifest_schema

if TYPE_CHECKING:
    from ..runtime import Runtime

BUNDLE_FORMAT = 1


def bundle_body(runtime: "Runtime", country: str, locale: str) -> Body:
    """Rendered again only when an entry that may answer for the country changes, not at every new version."""
    directory = runtime.snapshot.directory
    version = directory.fingerprint(country)

    def render() -> Body:  # JSON types already: BundleSchema documents it, and the tests load bundles through it
        return Body.of(bundle_document(directory, country, locale, runtime))

    return runtime.snapshot.lasting(("bundle", country, locale), version, render)


def bundle_document(directory: Directory, country: str, locale: str, runtime: "Runtime") -> dict:
    presenter = Presenter(locale, runtime.catalogs.get(locale))
    entries: dict[str, dict] = {}

    def ids(group) -> list[str]:
        for entry in group:
            if entry.id not in entries:
                entries[entry.id] = offline_entry(presenter, entry)
        return [entry.id for entry in sorted(group, key=lambda e: _static_order(e, entries[e.id]))]

    def routes(selection: Selection) -> dict:
        return {"coverage": selection.coverage, "listen": ids(selection.listen), "report": ids(selection.report)}

    def screens(subdivision: str | None) -> dict[str, tuple[Selection, dict[str, Selection]]]:
        """Per category: the screen for anyone, and the screen for each young audience (the screen rules differ)."""
        return {c.slug: (directory.select(HelpQuery(country, c.slug, subdivision)),
                         {a: directory.select(HelpQuery(country, c.slug, subdivision, a)) for a in YOUNG})
                for c in CATEGORIES}

    def with_audiences(selection: Selection, young: dict[str, Selection]) -> dict:
        return {**routes(selection), "audiences": {audience: routes(shown) for audience, shown in young.items()}}

    national = screens(None)
    emergency = ids(next(iter(national.values()))[0].emergency) if national else []
    categories = [{**presenter.category(slug), **with_audiences(*shown)} for slug, shown in national.items()]
    regions = {}
    for code in sorted(directory.subdivisions.get(country, ())):
        local = {slug: {**with_audiences(*shown), "emergency": ids(shown[0].emergency)}
                 for slug, shown in screens(code).items() if shown != national[slug]}
        if local:
            regions[code] = local
    return {
        "format": BUNDLE_FORMAT, "country": country, "country_name": country_name(country, locale),
        "locale": bcp47(locale), "dir": direction(locale),
        "bundle_version": directory.fingerprint(country), "version": directory.fingerprint(country),
        "emergency": emergency, "categories": categories, "subdivisions": regions,
        "entries": entries, "labels": labels(presenter),
    }


def offline_entry(presenter: Presenter, entry: Entry) -> dict:
    """The entry as a help answer shows it, with hours as rules instead of a state at one moment."""
    stored = entry.document  # decoded once for the texts, the hours and the contacts
    document = presenter.entry(entry, None, stored)
    document["verified_at"] = entry.verified_at.isoformat()
    document["hours"] = _rules(presenter, stored.get("hours"), entry.hours)
    document["contacts"] = [
        _compact({**shown, "hours": _rules(presenter, raw.get("hours"), contact.hours)})
        for shown, contact, raw in zip(document["contacts"], entry.contacts, stored["contacts"])
    ]
    if entry.subdivisions:
        document["subdivisions"] = list(entry.subdivisions)
    return _compact(document)


def labels(presenter: Presenter) -> dict:
    """The interface strings an app needs to show a bundle, in the bundle's locale: plain text, nothing to fill in.

    "Closed, opens at %(time)s" travels as the text before and after the time, which the app formats itself.
    """
    _ = presenter._
    before, _placeholder, after = _(CLOSED_OPENS_AT).partition("%(time)s")
    return {
        "channels": {key: _(text) for key, text in CHANNEL_LABELS.items()},
        "kinds": {key: _(text) for key, text in KIND_LABELS.items()},
        "audiences": {key: _(text) for key, text in AUDIENCE_LABELS.items()},
        "notices": {key: _(text) for key, text in COVERAGE_NOTICES.items() if text},
        "open_all_week": _(OPEN_ALL_WEEK), "open_now": _(OPEN_NOW), "closed": _(CLOSED),
        "closed_opens_at_parts": {"before": before, "after": after},
        "closed_opens_at": _(CLOSED_OPENS_AT),  # deprecated: a placeholder to fill
        "adults_only": _(ADULTS_ONLY),
    }


def manifest_body(runtime: "Runtime", locale: str) -> Body:
    """Every covered country's bundle in one locale: version, ETag and sha256 of the exact bytes.

    One locale per manifest, like every other answer: its first request renders the bundles of that
    locale only (one per country), not every bundle in every locale.
    """
    runtime.snapshot.directory  # checked first: whether it is stale depends on it
    stale = runtime.snapshot.stale

    def render(directory: Directory) -> Body:
        rows = []
        for country in sorted(directory.covered):
            body = bundle_body(runtime, country, locale)
            body = body.flagged_stale if stale else body
            fingerprint = directory.fingerprint(country)
            rows.append({"country": country, "locale": bcp47(locale), "bundle_version": fingerprint, "version": fingerprint,
                         "url": f"/v1/bundle?country={country}&lang={bcp47(locale)}",
                         "etag": quoted(body.etag), "sha256": body.sha256, "bytes": len(body.data)})
        return Body.of(manifest_schema.dump({"format": BUNDLE_FORMAT, "locale": bcp47(locale),
                                             "directory_version": directory.version, "version": directory.version,
                                             "bundles": rows}))

    return runtime.snapshot.body(("manifest", locale, stale), None, render)


def _rules(presenter: Presenter, document: dict | None, hours) -> dict | None:
    if not document:
        return None
    return _compact({"text": hours.describe(presenter.locale, presenter._(OPEN_ALL_WEEK), presenter._(EVERY_DAY)), **document})


def _static_order(entry: Entry, shown: dict):
    return entry.status != "active", -entry.priority, shown["name"].casefold()


def _compact(document: dict) -> dict:
    return {key: value for key, value in document.items() if value is not None and value != []}

