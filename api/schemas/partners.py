"""marshmallow schemas of the partner API: entries as partners read them, revisions, field reports."""
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..directory.field_reports import COMMENT_MAX, REASONS
from .documents import PartnerEntrySchema
from .entry import ONE_OF, VISIBLE_PATTERN, PlainText, check_visible
from .queries import QuerySchema

MAX_INTEGER = 2**31 - 1  # the largest id or version a database integer holds
ACTIONS = ("create", "replace", "patch", "retire", "revert", "import", "verify")
# What a verification may say was checked against the service's own sources.
CHECKS = ("contacts", "hours", "texts", "audiences", "categories", "sources")
REVISION_STATUSES = ("applied", "pending", "approved", "rejected")


class ChangeSchema(Schema):
    path = fields.String(required=True, metadata={"description": "A JSON pointer into the entry."})
    from_ = fields.Raw(attribute="from", data_key="from", allow_none=True)
    to = fields.Raw(allow_none=True)


class RevisionSchema(Schema):
    """One change to an entry, published or waiting for review."""

    id = fields.Integer(required=True)
    entry_id = fields.String(required=True)
    action = fields.String(required=True, metadata={"enum": list(ACTIONS)})
    status = fields.String(required=True, metadata={"enum": list(REVISION_STATUSES)})
    base_version = fields.Integer(required=True, metadata={"description": "The version the change was made on (0: a new entry)."})
    version = fields.Integer(allow_none=True, metadata={"description": "The version it made, once published."})
    author = fields.String(allow_none=True, metadata={"description": "The partner; null for the curated import."})
    created_at = fields.DateTime(required=True)
    held_for = fields.List(fields.String(), required=True, metadata={"description": "Why it waits for review."})
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    note = fields.String(allow_none=True)
    checked = fields.List(fields.String(metadata={"enum": list(CHECKS)}), allow_none=True,
                          metadata={"description": "A verification: what was checked."})
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
    document = fields.Dict(metadata={"description": "The entry as the revision makes it.", "model": PartnerEntrySchema})


class PageSchema(Schema):
    """Where a page stands among all pages: Link headers (first, prev, next, last) lead to the others."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "How many there are on every page together."})


class RevisionListSchema(PageSchema):
    revisions = fields.List(fields.Nested(RevisionSchema(exclude=("document",))), required=True)


class HistorySchema(PageSchema):
    entry_id = fields.String(required=True)
    version = fields.Integer(required=True, metadata={"description": "The entry's current version."})
    revisions = fields.List(fields.Nested(RevisionSchema(exclude=("document",))), required=True)


class RevertSchema(Schema):
    class Meta:
        unknown = RAISE

    version = fields.Integer(required=True, strict=True, validate=validate.Range(1, MAX_INTEGER),
                             metadata={"description": "A published version from the entry's history."})


class DecisionSchema(Schema):
    class Meta:
        unknown = RAISE

    note = PlainText(500, metadata={"description": "Why (kept with the revision)."})


def _each_once(values: list) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Give each item once.")


class VerificationSchema(Schema):
    """A partner's word that it checked the entry against the service's own sources today."""

    class Meta:
        unknown = RAISE

    checked = fields.List(fields.String(validate=validate.OneOf(CHECKS, error=ONE_OF)), required=True,
                          validate=[validate.Length(1, len(CHECKS)), _each_once],
                          metadata={"description": "What was checked: " + ", ".join(CHECKS) + ".", "uniqueItems": True})
    note = PlainText(500, metadata={"description": "Optional: how, or against what (kept with the revision)."})


class FieldReportInSchema(Schema):
    """What an app sends: a reason and an optional comment. No name, no contact, no device data."""

    class Meta:
        unknown = RAISE

    reason = fields.String(required=True, validate=validate.OneOf(REASONS))
    comment = fields.String(validate=[validate.Length(max=COMMENT_MAX), check_visible], metadata={
        "description": "Optional, without invisible or direction-changing characters. Phone numbers, e-mail "
                       "addresses and the query strings of links are removed before it is stored.", "pattern": VISIBLE_PATTERN})


class FieldReportSchema(Schema):
    id = fields.Integer(required=True)
    entry_id = fields.String(required=True)
    entry_version = fields.Integer(required=True, metadata={"description": "The version the reporter saw."})
    reason = fields.String(required=True, metadata={"enum": list(REASONS)})
    comment = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True, metadata={"description": "To the hour."})


class FieldReportListSchema(Schema):
    reports = fields.List(fields.Nested(FieldReportSchema), required=True)


class ListQuerySchema(QuerySchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200), metadata={"description": "Newest first."})


class PageQuerySchema(QuerySchema):
    """A page of a list that must hide nothing (revisions waiting for review): every page is reachable."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_INTEGER), metadata={"description": "From 1."})
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200), metadata={"description": "Newest first."})


class RevisionQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(REVISION_STATUSES))


revision_schema = RevisionSchema()
revision_list_schema = RevisionListSchema()
history_schema = HistorySchema()
revert_schema = RevertSchema()
decision_schema = DecisionSchema()
verification_schema = VerificationSchema()
field_report_in_schema = FieldReportInSchema()
field_report_schema = FieldReportSchema()
field_report_list_schema = FieldReportListSchema()
revision_query_schema = RevisionQuerySchema()
page_query_schema = PageQuerySchema()
list_query_schema = ListQuerySchema()
