"""The documents the API returns: dumped through these schemas, and documented from them."""
from marshmallow import Schema, fields

from ..directory.entries import CONTACT_TYPES, KINDS, STATUSES, YOUNG
from ..directory.selection import COVERAGE
from ..directory.taxonomy import CATEGORY_SLUGS
from .entry import TIME_ZONE, EntrySchema, HoursExceptionSchema, WeeklyRuleSchema

STALE = {"description": "Present and true when the database could not confirm it: served from the last snapshot."}
# Three things are versioned, each under its own name; `version` alone, where it stays, is kept for apps
# written before and documented as deprecated (docs/api.md says how long it stays).
DIRECTORY_VERSION = "The directory's version: a counter that every change to any entry moves on."
DEPRECATED_VERSION = {"deprecated": True, "description": "Deprecated: the same as directory_version."}
RFC3339 = "An instant as RFC 3339 (date-time), in UTC with a Z."


def directory_version() -> fields.Integer:
    return fields.Integer(required=True, metadata={"description": DIRECTORY_VERSION})


def dir_field(description: str = "The direction of the answer's language.") -> fields.String:
    """`dir`, as every localized document carries it (from CLDR's character order)."""
    return fields.String(required=True, metadata={"enum": ["ltr", "rtl"], "description": description})


class ContactOutSchema(Schema):
    type = fields.String(required=True, metadata={"enum": list(CONTACT_TYPES)})
    value = fields.String(required=True, metadata={"description": "As dialled in the country, or the link."})
    display = fields.String(required=True)
    uri = fields.String(allow_none=True, metadata={"description": "tel:, sms:, https: or, for an e-mail contact, mailto: only."})
    label = fields.String(required=True)
    hours = fields.Nested(lambda: HoursOutSchema(), allow_none=True)


class HoursOutSchema(Schema):
    text = fields.String(required=True)
    timezone = fields.String(required=True, metadata=TIME_ZONE)
    always_open = fields.Boolean(required=True)
    open_now = fields.Boolean(required=True)
    state = fields.String(required=True)
    next_change = fields.String(allow_none=True, metadata={  # rendered already, by present.rfc3339
        "format": "date-time", "description": "When open_now next flips, as RFC 3339 in UTC (e.g. 2026-11-30T22:00:00Z); null if never."})


class HelpResourceSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    kind_label = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(allow_none=True)
    call_to_action = fields.String(allow_none=True)
    lang = fields.String(required=True, metadata={"description": "The language of this resource's name (BCP 47)."})
    dir = dir_field("The direction of that language.")
    text_langs = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={
        "description": "The language of each text (name, description, call_to_action): a text missing in "
                       "the requested language falls back to the entry's own language, then English."})
    contacts = fields.List(fields.Nested(ContactOutSchema), required=True)
    hours = fields.Nested(HoursOutSchema, allow_none=True)
    free = fields.Boolean(allow_none=True)
    anonymous = fields.Boolean(allow_none=True)
    confidential = fields.Boolean(allow_none=True)
    languages = fields.List(fields.String(), required=True, metadata={"description": "Language codes the service answers in."})
    language_names = fields.List(fields.String(), required=True, metadata={"description": "The same languages, named in the answer's locale (CLDR)."})
    languages_text = fields.String(allow_none=True, metadata={"description": 'E.g. "2 langues : français et anglais".'})
    audiences = fields.List(fields.String(), required=True)
    audience_labels = fields.List(fields.String(), required=True, metadata={"description": "The same audiences, in the answer's locale."})
    min_age = fields.Integer(allow_none=True)
    max_age = fields.Integer(allow_none=True)
    ages = fields.String(allow_none=True, metadata={"description": 'min_age and max_age in words, e.g. "Ages 12 to 25", in the answer\'s locale.'})
    adults_only = fields.Boolean(required=True, metadata={
        "description": "Restricted to adults (18+, or for adults, parents or professionals only): never on a child's or a "
                       "teen's screen; on a screen asked for without an audience, show it with the label `Adults only`."})
    status = fields.String(required=True, metadata={"enum": list(STATUSES)})
    alert = fields.String(allow_none=True)
    verified_at = fields.Date(required=True)


class CategoryOutSchema(Schema):
    slug = fields.String(required=True, metadata={"enum": list(CATEGORY_SLUGS)})
    name = fields.String(required=True)
    description = fields.String(required=True)


class PrimarySchema(Schema):
    group = fields.String(required=True, metadata={"enum": ["listen", "emergency"]})
    id = fields.String(allow_none=True, metadata={"description": "The entry; null for a number from phonenumbers."})
    name = fields.String(allow_none=True)
    lang = fields.String(allow_none=True)
    dir = fields.String(allow_none=True, metadata={"enum": ["ltr", "rtl", None]})
    contact = fields.Nested(ContactOutSchema, required=True)


class HelpAnswerSchema(Schema):
    country = fields.String(required=True)
    country_name = fields.String(required=True)
    subdivision = fields.String(allow_none=True)
    category = fields.Nested(CategoryOutSchema, required=True)
    audience = fields.String(allow_none=True)
    locale = fields.String(required=True)
    dir = dir_field()
    coverage = fields.String(required=True, metadata={"enum": list(COVERAGE)})
    notice = fields.String(allow_none=True, metadata={"description": "Says how little the directory knows here, when it does."})
    primary = fields.Nested(PrimarySchema, allow_none=True, metadata={
        "description": 'The one contact of a "one number" screen: the first listening line\'s best contact (the first '
                       "a tap reaches that is not closed now), else the first emergency number; null when none is known."})
    listen = fields.List(fields.Nested(HelpResourceSchema), required=True, metadata={
        "description": "People to talk to about this problem, the first one first on a child's screen."})
    emergency = fields.List(fields.Nested(HelpResourceSchema), required=True)
    emergency_numbers = fields.List(fields.Nested(ContactOutSchema), required=True, metadata={
        "description": "Only when `emergency` is empty (a country the directory does not cover): the country's "
                       "emergency number from phonenumbers' metadata, as a contact."})
    report = fields.List(fields.Nested(HelpResourceSchema), required=True)
    directory_version = directory_version()
    version = fields.Integer(required=True, metadata=DEPRECATED_VERSION)
    stale = fields.Boolean(metadata=STALE)


class CategoryListSchema(Schema):
    locale = fields.String(required=True)
    dir = dir_field()
    categories = fields.List(fields.Nested(CategoryOutSchema), required=True)


class ScreenCountSchema(Schema):
    complete = fields.Integer(required=True, metadata={"description": "Screens that keep every screen rule."})
    total = fields.Integer(required=True)


class GroupCountsSchema(Schema):
    emergency = fields.Integer(required=True, metadata={"description": "Emergency numbers."})
    listen = fields.Integer(required=True, metadata={"description": "Listening lines and victim support."})
    report = fields.Integer(required=True, metadata={"description": "Police, gendarmerie and reporting platforms."})


class CountryOutSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    coverage = fields.String(required=True, metadata={"enum": list(COVERAGE)})
    categories = fields.List(fields.String(), required=True, metadata={"description": "Categories with a specific service."})
    services = fields.Integer(required=True, metadata={"description": "Published local services (international ones not counted)."})
    coverage_text = fields.String(required=True, metadata={"description": 'E.g. "12 services", in the answer\'s locale.'})
    counts = fields.Nested(GroupCountsSchema, required=True, metadata={"description": "Published local services per group."})
    screens = fields.Nested(ScreenCountSchema, required=True, metadata={
        "description": "The help screens a child or a teen can reach here (every category for children and for teens, "
                       "nationally and in each subdivision with services of its own), and how many of them keep every "
                       "screen rule: someone to talk to, a national route for reports about minors where the harm calls "
                       "for one, the emergency numbers, nothing restricted to adults."})


class CountryListSchema(Schema):
    locale = fields.String(required=True)
    dir = dir_field()
    countries = fields.List(fields.Nested(CountryOutSchema), required=True)


class PartnerEntrySchema(EntrySchema):
    """An entry with its curator notes, as its owner and admins read and write it."""

    version = fields.Integer(dump_only=True, metadata={
        "description": "The entry's stored version: every change moves it on, and the ETag names it (send it as If-Match)."})
    updated_at = fields.DateTime(dump_only=True, allow_none=True, metadata={"description": "When it last changed (RFC 3339)."})


class PublicEntrySchema(PartnerEntrySchema):
    """An entry as anyone may read it: curator notes stay inside."""

    class Meta:
        exclude = ("notes", "review_note")

    stale = fields.Boolean(dump_only=True, metadata=STALE)


# Sent back in a write, these are ignored: the store sets them.
READ_ONLY_FIELDS = tuple(name for name, field in PartnerEntrySchema._declared_fields.items() if field.dump_only)


def entry_view(document: dict, version: int, updated_at, private: bool = False) -> dict:
    """A stored entry (its document already dumped by EntrySchema) with its version, as PartnerEntrySchema
    (private: its owner or an admin reads it) or PublicEntrySchema (anyone: without curator notes) describe it."""
    hidden = () if private else PublicEntrySchema.opts.exclude
    shown = {key: value for key, value in document.items() if key not in hidden}
    shown["version"] = version
    shown["updated_at"] = updated_at.isoformat() if updated_at else None
    return shown


class ResourcePageSchema(Schema):
    items = fields.List(fields.Nested(PublicEntrySchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    stale = fields.Boolean(metadata=STALE)


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True, metadata={
        "format": "uri-reference", "example": "/problems/invalid-query",
        "description": "What kind of error, to switch on: `/problems/<kind>`, a path of this API that explains it "
                       "(GET /problems lists every kind). New kinds may be added: treat an unknown one by its status."})
    title = fields.String(required=True, metadata={"description": "The kind's title, in the answer's language."})
    status = fields.Integer(required=True, metadata={"description": "The HTTP status."})
    detail = fields.String(metadata={"description": "This occurrence, in the answer's language."})
    instance = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), metadata={
        "description": "Per field (its dotted path, e.g. `country` or `contacts.0.value`), what is wrong with it."})
    current_version = fields.Integer(allow_none=True, metadata={
        "description": "412 and 409 on a change: the entry's current version, when it has one."})


class ProblemKindSchema(Schema):
    type = fields.String(required=True, metadata={"description": "The problem's `type`, as answers carry it."})
    name = fields.String(required=True)
    status = fields.Integer(required=True)
    title = fields.String(required=True, metadata={"description": "In the answer's language."})
    explanation = fields.String(required=True, metadata={"description": "What it means and what to do (English)."})


class ProblemKindListSchema(Schema):
    kinds = fields.List(fields.Nested(ProblemKindSchema), required=True)


class RulesOutSchema(Schema):
    """Opening hours as rules, for an app to tell "open now" offline."""

    text = fields.String(required=True)
    timezone = fields.String(required=True, metadata=TIME_ZONE)
    always_open = fields.Boolean()
    weekly = fields.List(fields.Nested(WeeklyRuleSchema), metadata={"description": "closes <= opens runs past midnight."})
    exceptions = fields.List(fields.Nested(HoursExceptionSchema), metadata={"description": "Dated closures or special hours."})


class ClockPartsSchema(Schema):
    before = fields.String(required=True)
    after = fields.String(required=True)


class LabelsSchema(Schema):
    """Interface strings an offline app needs, in the bundle's locale: plain text, nothing to fill in."""

    channels = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={"description": "Per contact type."})
    kinds = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={"description": "Per entry kind."})
    audiences = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={"description": "Per audience."})
    notices = fields.Dict(keys=fields.String(), values=fields.String(), required=True, metadata={"description": "Per coverage (partial, none)."})
    open_all_week = fields.String(required=True)
    open_now = fields.String(required=True)
    closed = fields.String(required=True)
    adults_only = fields.String(required=True, metadata={"description": "Beside an entry marked adults_only."})
    closed_opens_at_parts = fields.Nested(ClockPartsSchema, required=True, metadata={
        "description": "\"Closed, opens at 09:00\": show before + the time (formatted by the app in the locale) + after."})
    closed_opens_at = fields.String(required=True, metadata={
        "deprecated": True, "description": "Deprecated: a Python %-format with %(time)s; use closed_opens_at_parts."})


class BundleContactSchema(ContactOutSchema):
    hours = fields.Nested(RulesOutSchema)


class BundleEntrySchema(HelpResourceSchema):
    """An entry in a bundle: empty and null fields are left out."""

    languages = fields.List(fields.String())
    language_names = fields.List(fields.String())
    audiences = fields.List(fields.String())
    audience_labels = fields.List(fields.String())
    contacts = fields.List(fields.Nested(BundleContactSchema), required=True)
    hours = fields.Nested(RulesOutSchema)
    subdivisions = fields.List(fields.String(), metadata={"description": "Only there (ISO 3166-2)."})


class AudienceRoutesSchema(Schema):
    coverage = fields.String(required=True, metadata={"enum": list(COVERAGE)})
    listen = fields.List(fields.String(), required=True, metadata={"description": "Entry ids, in order."})
    report = fields.List(fields.String(), required=True, metadata={"description": "Entry ids, in order."})


class BundleRoutesSchema(AudienceRoutesSchema):
    emergency = fields.List(fields.String(), metadata={"description": "Subdivisions only: entry ids."})
    audiences = fields.Dict(keys=fields.String(metadata={"enum": list(YOUNG)}), values=fields.Nested(AudienceRoutesSchema),
                            required=True, metadata={"description": "The routes of a child's (`children`) and a teen's "
                                                     "(`teens`) screen, as /v1/help gives them with that audience."})


class BundleCategorySchema(BundleRoutesSchema, CategoryOutSchema):
    pass


class BundleSchema(Schema):
    format = fields.Integer(required=True, metadata={
        "description": "The bundle format: 1. A new format number comes with a new major version of the API."})
    stale = fields.Boolean(metadata=STALE)
    country = fields.String(required=True)
    country_name = fields.String(required=True)
    locale = fields.String(required=True)
    dir = dir_field()
    bundle_version = fields.String(required=True, metadata={
        "description": "A fingerprint of the entries that may appear in this bundle: changes when any of them does."})
    version = fields.String(required=True, metadata={"deprecated": True, "description": "Deprecated: the same as bundle_version."})
    emergency = fields.List(fields.String(), required=True, metadata={"description": "Entry ids, in order."})
    categories = fields.List(fields.Nested(BundleCategorySchema), required=True)
    subdivisions = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Nested(BundleRoutesSchema)),
                               required=True, metadata={"description": "Per subdivision, the categories whose answer differs there."})
    entries = fields.Dict(keys=fields.String(), values=fields.Nested(BundleEntrySchema), required=True)
    labels = fields.Nested(LabelsSchema, required=True)


class ManifestRowSchema(Schema):
    country = fields.String(required=True)
    locale = fields.String(required=True)
    bundle_version = fields.String(required=True, metadata={"description": "The bundle's bundle_version."})
    version = fields.String(required=True, metadata={"deprecated": True, "description": "Deprecated: the same as bundle_version."})
    url = fields.String(required=True)
    etag = fields.String(required=True)
    sha256 = fields.String(required=True, metadata={"description": "Of the exact bytes GET url answers."})
    bytes = fields.Integer(required=True)


class ManifestSchema(Schema):
    """The bundles of one locale (the negotiated one): one row per covered country."""

    format = fields.Integer(required=True, metadata={"description": "The bundle format of every bundle listed."})
    stale = fields.Boolean(metadata=STALE)
    locale = fields.String(required=True, metadata={"description": "The locale of every bundle listed (BCP 47)."})
    directory_version = directory_version()
    version = fields.Integer(required=True, metadata=DEPRECATED_VERSION)
    bundles = fields.List(fields.Nested(ManifestRowSchema), required=True)


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok"]})
    directory_version = directory_version()
    version = fields.Integer(required=True, metadata=DEPRECATED_VERSION)
    stale = fields.Boolean(required=True, metadata={"description": "True when the database could not confirm it."})


class ReadinessStateSchema(Schema):
    """What /readyz reports, ready or not."""

    database = fields.String(required=True, metadata={"enum": ["reachable", "unreachable"]})
    directory_version = directory_version()
    version = fields.Integer(required=True, metadata=DEPRECATED_VERSION)
    source = fields.String(required=True, metadata={"enum": ["database", "resources"]})
    stale = fields.Boolean(required=True)
    entries = fields.Integer(required=True)
    snapshot_age_seconds = fields.Float(allow_none=True, metadata={"description": "Since the database last confirmed the snapshot."})
    build_seconds = fields.Float(allow_none=True, metadata={"description": "How long the last snapshot took to build."})


class ReadinessSchema(ReadinessStateSchema):
    status = fields.String(required=True, metadata={"enum": ["ready"]})


help_answer_schema = HelpAnswerSchema()
manifest_schema = ManifestSchema()
category_list_schema = CategoryListSchema()
country_list_schema = CountryListSchema()


class NotReadySchema(ProblemSchema, ReadinessStateSchema):
    """/readyz's 503: a problem with the state of the database and the snapshot."""
