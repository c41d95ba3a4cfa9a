"""The API docs are generated from the marshmallow schemas, so the spec and the code cannot drift."""
from flask_restx import Namespace
from flask_restx import fields as rx
from marshmallow import Schema, fields, validate

from ..schemas import ProblemSchema

_SCALARS = {
    fields.Integer: (rx.Integer, "integer"),
    fields.Boolean: (rx.Boolean, "boolean"),
    fields.Float: (rx.Float, "number"),
    fields.Date: (rx.Date, "string"),
    fields.DateTime: (rx.DateTime, "string"),
}
_models: dict = {}
_nullable_types: dict = {}


class _Nullable:
    """Swagger 2.0 has no null type: `x-nullable` says a field may be null."""

    def schema(self):
        schema = super().schema()
        if "$ref" in schema:
            schema = {"allOf": [{"$ref": schema.pop("$ref")}], **schema}
        return {**schema, "x-nullable": True}


def _field(restx_type, allow_none: bool, *args, **kwargs):
    if not allow_none:
        return restx_type(*args, **kwargs)
    if restx_type not in _nullable_types:
        _nullable_types[restx_type] = type(f"Nullable{restx_type.__name__}", (_Nullable, restx_type), {})
    return _nullable_types[restx_type](*args, **kwargs)


def _restx_field(api, field: fields.Field):
    options = {"required": field.required, "description": field.metadata.get("description")}
    enum = field.metadata.get("enum") or _choices(field)
    nullable = field.allow_none
    if isinstance(field, fields.Nested):
        nested = field.nested() if callable(field.nested) and not isinstance(field.nested, type) else field.nested
        return _field(rx.Nested, nullable, model(api, nested), allow_null=nullable, **options)
    if isinstance(field, fields.List):
        return _field(rx.List, nullable, _restx_field(api, field.inner), **options)
    if isinstance(field, fields.Dict):
        return _field(rx.Raw, nullable, **options)
    for kind, (restx_type, _) in _SCALARS.items():
        if isinstance(field, kind):
            return _field(restx_type, nullable, **options)
    if enum:
        return _field(rx.String, nullable, enum=list(enum), **options)
    return _field(rx.String, nullable, **options)


def _choices(field: fields.Field):
    for validator in field.validators:
        if isinstance(validator, validate.OneOf):
            return list(validator.choices)
    return None


def model(api, schema: Schema | type):
    """A restx model for a marshmallow schema (cached by schema class)."""
    schema = schema() if isinstance(schema, type) else schema
    name = type(schema).__name__.removesuffix("Schema")
    if name not in _models or name not in api.models:
        properties = {
            key: _restx_field(api, field)
            for key, field in schema.fields.items() if not field.load_only
        }
        _models[name] = api.model(name, properties)
    return api.models[name]


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
    """restx `responses` for the problem+json answers of an operation."""
    problem = model(ns, ProblemSchema)
    reasons = {400: "Invalid query parameters", 401: "No valid key", 403: "Out of scope", 404: "Not found",
               406: "Not acceptable", 409: "Conflict", 412: "Stale If-Match", 413: "Body too large",
               415: "Unsupported media type", 422: "Invalid entry", 428: "If-Match required",
               429: "Too many requests", 503: "Unavailable"}
    return {code: (reasons.get(code, "Error"), problem) for code in codes}
