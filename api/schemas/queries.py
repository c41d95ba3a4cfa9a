"""Query strings, strict: an unknown, repeated or invalid parameter is a 400 naming each."""
from marshmallow import RAISE, Schema, fields, validate

from ..directory.entries import AUDIENCES, KINDS, STATUSES
from ..directory.phones import INTERNATIONAL
from ..directory.taxonomy import CATEGORY_SLUGS
from ..i18n import N_
from .entry import (
    LANGUAGE_TAG_PATTERN, SUBDIVISION_PATTERN, BETWEEN, COUNTRY_CODES, COUNTRY_PATTERN, LANGUAGE_TAG, ONE_OF, SUBDIVISION_CODE,
    check_subdivision,
)

# marshmallow's own messages for what a query string can get wrong, in words the catalogs hold
QUERY_WORDING = {
    "Missing data for required field.": N_("This parameter is required."),
    "Not a valid integer.": N_("Must be a whole number."),
    "Not a valid boolean.": N_("Must be true or false."),
}


class QuerySchema(Schema):
    """Query strings: unknown parameters are refused (a misspelt filter would otherwise give an unfiltered
    answer), known ones are strict; every message translatable. `lang` is known everywhere: it also sets the
    language of an error."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": N_("Unknown parameter.")}

    lang = fields.String(
        validate=[validate.Length(max=35, error=N_("Too long (limit: %(max)s).")),
                  validate.Regexp(LANGUAGE_TAG_PATTERN, error=LANGUAGE_TAG)],
        metadata={"description": "A BCP 47 language tag; overrides Accept-Language. An unknown language falls back like any other.",
                  "pattern": LANGUAGE_TAG_PATTERN.pattern},
    )

    def on_bind_field(self, field_name, field_obj):
        field_obj.error_messages = {key: QUERY_WORDING.get(message, message) for key, message in field_obj.error_messages.items()}


class CountryParam(fields.String):
    """An ISO 3166-1 alpha-2 code, in any case."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


class HelpQuerySchema(QuerySchema):
    country = CountryParam(required=True, validate=validate.OneOf(COUNTRY_CODES, error=ONE_OF), metadata={"description": "ISO 3166-1 alpha-2, case-insensitive.", "pattern": COUNTRY_PATTERN})
    subdivision = CountryParam(validate=[validate.Regexp(SUBDIVISION_PATTERN, error=SUBDIVISION_CODE), check_subdivision], metadata={"description": "ISO 3166-2, e.g. CA-QC, case-insensitive: adds that subdivision's services (a subdivision of another country adds none; an unknown code is a 400).", "pattern": "^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$"})
    category = fields.String(required=True, validate=validate.OneOf(CATEGORY_SLUGS, error=ONE_OF))
    audience = fields.String(validate=validate.OneOf(AUDIENCES, error=ONE_OF))
    limit = fields.Integer(validate=validate.Range(1, 50, error=BETWEEN), metadata={"description": "Caps each group."})


class ResourceListQuerySchema(QuerySchema):
    country = CountryParam(validate=validate.OneOf((*COUNTRY_CODES, INTERNATIONAL), error=ONE_OF), metadata={"description": "ISO 3166-1 alpha-2 or INTL, case-insensitive.", "pattern": COUNTRY_PATTERN[:-2] + "|[Ii][Nn][Tt][Ll])$"})
    category = fields.String(validate=validate.OneOf(CATEGORY_SLUGS, error=ONE_OF))
    kind = fields.String(validate=validate.OneOf(KINDS, error=ONE_OF))
    status = fields.String(validate=validate.OneOf(STATUSES, error=ONE_OF))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100000, error=BETWEEN))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100, error=BETWEEN))
    stale = fields.Boolean(metadata={
        "description": "true: only entries verified more than STALE_AFTER_DAYS ago, oldest first, entries waiting for "
                       "review included; needs a partner key, and lists the key's own entries (every entry for an admin)."})


help_query_schema = HelpQuerySchema()
resource_list_query_schema = ResourceListQuerySchema()
language_query_schema = QuerySchema()


class BundleQuerySchema(QuerySchema):
    country = CountryParam(required=True, validate=validate.OneOf(COUNTRY_CODES, error=ONE_OF), metadata={"description": "ISO 3166-1 alpha-2, case-insensitive.", "pattern": COUNTRY_PATTERN})


bundle_query_schema = BundleQuerySchema()


class CountryQuerySchema(QuerySchema):
    all = fields.Boolean(load_default=False, metadata={"description": "List every ISO country, covered or not."})


country_query_schema = CountryQuerySchema()
