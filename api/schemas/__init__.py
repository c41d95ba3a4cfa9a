"""marshmallow schemas, the single source of validation and serialization: the entry document
(import and writes), the query strings, and the documents the API returns."""
from .documents import (  # noqa: F401
    READ_ONLY_FIELDS, BundleSchema, CategoryListSchema, CountryListSchema, HealthSchema, HelpAnswerSchema, ManifestSchema,
    NotReadySchema, PartnerEntrySchema, ProblemKindListSchema, ProblemKindSchema, ProblemSchema, PublicEntrySchema,
    entry_view, ReadinessSchema, ResourcePageSchema, category_list_schema, country_list_schema,
    help_answer_schema, manifest_schema,
)
from .entry import COUNTRY_CODES, gap_list_schema, HTTPS_PATTERN, ID_LENGTH, SLUG, EntrySchema, PlainText, check_https, entry_schema  # noqa: F401
from .queries import (  # noqa: F401
    QuerySchema, bundle_query_schema, country_query_schema, help_query_schema, language_query_schema, resource_list_query_schema,
)
