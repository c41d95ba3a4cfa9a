"""The API docs are generated from the marshmallow schemas, so the spec and the code cannot drift."""
from flask_restx import Namespace
from flask_restx import fields as rx
from marshmallow import RAISE, Schema, fields, validate

from ..schemas import ProblemSchema

_SCALARS = {
    fields.Integer: (rx.Integer, "integer"),
    fields.Boolean: (rx.Boolean, "boolean"),
    fields.Float: (rx.Float, "number"),
    fields.Date: (rx.Date, "string"),
    fields.DateTime: (rx.DateTime, "string"),
}
_models: dict = {}
_schemas: dict = {}  # model name -> (marshmallow schema, partial), for /openapi.json


class AnyValue(rx.Raw):
    """Any JSON value (restx's Raw says object)."""

    __schema_type__ = None


class Mapping(rx.Wildcard):
    """An object whose keys are free (Swagger 2.0 cannot constrain them) and whose values follow one schema."""

    def __init__(self, values, min_properties=None, max_properties=None, **kwargs):
        super().__init__(values, **kwargs)
        self.min_properties, self.max_properties = min_properties, max_properties

    def schema(self):
        bounds = {"minProperties": self.min_properties, "maxProperties": self.max_properties}
        return {**super().schema(), **{k: v for k, v in bounds.items() if v is not None}}


def _restx_field(api, field: fields.Field, partial: bool = False):
    described = _described(api, field, partial)
    return _nullable(described) if field.allow_none or partial else described


def _nullable(described):
    """Swagger 2.0 says null with `x-nullable` (next to a $ref only inside allOf)."""
    schema = described.schema

    def with_null():
        document = schema()
        if "$ref" in document:
            document["allOf"] = [{"$ref": document.pop("$ref")}]
        return {**document, "x-nullable": True}

    described.schema = with_null
    return described


def _described(api, field: fields.Field, partial: bool):
    options = {"required": field.required and not partial, "description": field.metadata.get("description")}
    if field.dump_only:
        options["readonly"] = True
    enum = field.metadata.get("enum") or _choices(field)
    if field.metadata.get("model"):
        return rx.Nested(model(api, field.metadata["model"]), **options)
    if isinstance(field, fields.Nested):
        nested = field.nested() if callable(field.nested) and not isinstance(field.nested, type) else field.nested
        return rx.Nested(model(api, nested, partial=partial), allow_null=field.allow_none, skip_none=False, **options)
    if isinstance(field, fields.List):
        return rx.List(_restx_field(api, field.inner), **options, **_bounds(field, "min_items", "max_items"))
    if isinstance(field, fields.Dict) and field.value_field is not None:
        # a merge patch may add or remove some keys: only the merged document's count is bounded
        bounds = {} if partial else _bounds(field, "min_properties", "max_properties")
        return Mapping(_restx_field(api, field.value_field, partial),
                       **options, **bounds)
    if isinstance(field, fields.Dict):
        return rx.Raw(**options)
    if type(field) is fields.Raw:
        return AnyValue(**options)
    for kind, (restx_type, _) in _SCALARS.items():
        if isinstance(field, kind):
            return restx_type(**options, **(_bounds(field, "min", "max", validate.Range) if kind is fields.Integer else {}))
    if enum:
        return rx.String(enum=list(enum), **options)
    return rx.String(**options, **_bounds(field, "min_length", "max_length"), **_pattern(field))


def _bounds(field: fields.Field, low: str, high: str, kind=validate.Length) -> dict:
    """A field's Length (or Range) validator as restx keyword arguments."""
    for validator in field.validators:
        if isinstance(validator, kind):
            return {k: v for k, v in ((low, validator.min), (high, validator.max)) if v is not None}
    return {}


def _pattern(field: fields.Field) -> dict:
    if field.metadata.get("pattern"):
        return {"pattern": field.metadata["pattern"]}
    for validator in field.validators:
        if isinstance(validator, validate.Regexp):
            return {"pattern": validator.regex.pattern}
    return {}


def _choices(field: fields.Field):
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            return list(validator.choices)
    return None


def model(api, schema: Schema | type, partial: bool = False):
    """A restx model for a marshmallow schema (cached by name).

    `partial` documents a JSON merge patch of it: nothing required, nested objects partial too.
    """
    schema = schema() if isinstance(schema, type) else schema
    name = schema_name(schema) + ("Patch" if partial else "")
    _schemas.setdefault(name, (schema, partial))
    if name not in _models or name not in api.models:
        properties = {
            field.data_key or key: _restx_field(api, field, partial)
            for key, field in schema.fields.items() if not field.load_only
        }
        _models[name] = api.model(name, properties, strict=schema.unknown == RAISE and not isinstance(schema, ProblemSchema))
    return api.models[name]


def schema_name(schema: Schema | type) -> str:
    """The documented name of a schema: its class name without "Schema"; "Summary" when it leaves fields out."""
    schema = schema() if isinstance(schema, type) else schema
    name = type(schema).__name__.removesuffix("Schema")
    return name + "Summary" if set(schema.exclude) - set(schema.opts.exclude) else name


def schemas_by_name() -> dict:
    """Every schema a route documents, by its model name: (schema, partial)."""
    return dict(_schemas)


def query_params(schema: Schema) -> dict:
    """restx `params` documentation for a query-string schema."""
    params = {}
    for name, field in schema.fields.items():
        item_type = next((t for k, (_, t) in _SCALARS.items() if isinstance(field, k)), "string")
        param = {"in": "query", "type": item_type, "required": field.required,
                 "description": field.metadata.get("description", "")}
        if pattern := field.metadata.get("pattern"):
            param["pattern"] = pattern
        elif choices := _choices(field):
            param["enum"] = choices
        for validator in field.validators:
            if isinstance(validator, validate.Range):
                param.update({k: v for k, v in (("minimum", validator.min), ("maximum", validator.max)) if v is not None})
            if isinstance(validator, validate.Length) and validator.max is not None:
                param["maxLength"] = validator.max
        params[name] = param
    return params


def problem_responses(ns: Namespace, *codes: int) -> dict:
    """restx `responses` for the problem+json answers of an operation.

    Every route may answer 414 (query string too long) and 429 (rate limited).
    """
    problem = model(ns, ProblemSchema)
    reasons = {400: "Invalid query parameters or malformed JSON", 401: "No valid key", 403: "Out of scope", 404: "Not found",
               406: "Not acceptable", 409: "Conflict", 412: "Stale If-Match", 413: "Body too large",
               414: "Query string too long", 415: "Unsupported media type", 422: "Invalid entry", 428: "If-Match required",
               429: "Too many requests", 503: "Unavailable"}
    return {code: (reasons.get(code, "Error"), problem) for code in sorted({*codes, 414, 429})}
