"""Compiled URL builders shared between the apps of a test process.

Werkzeug compiles two URL builders per route, from Python source, whenever a route is added: three
quarters of the time it takes to build an app, and the tests build hundreds. A builder is a function of
the rule's parsed form, its defaults and whether it appends unknown arguments, so each distinct one is
compiled once here and bound to every rule that needs it. Only the tests do this: a server builds its app once.
"""
from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder


def share_compiled_routes() -> None:
    if getattr(Rule._compile_builder, "shared", False):
        return
    compiled: dict[tuple, object] = {}

    def compile_builder(rule: Rule, append_unknown: bool = True):
        key = (tuple(rule._trace), repr(sorted((rule.defaults or {}).items())),
               repr({name: type(converter) for name, converter in rule._converters.items()}), append_unknown)
        if key not in compiled:
            compiled[key] = _compile_builder(rule, append_unknown)
        return compiled[key]

    compile_builder.shared = True
    Rule._compile_builder = compile_builder
