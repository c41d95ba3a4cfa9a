"""The API keeps the contract /openapi.json states, for every operation, under generated valid and invalid input.

schemathesis reads the app's own spec and drives the app in-process, with the key of an admin and of a
plain partner owning fr-3018. Every default check runs on every answer, and data the spec calls invalid
must be rejected; the spec's links drive stateful runs (read an entry, change it with its ETag, again).
Runs are derandomized, so CI replays the same cases every time, whatever else the code base says: Hypothesis
would otherwise also draw from the literals it finds in the project's own modules, so that a string added
anywhere (a table of script codes, say) changed which requests the scenarios send.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.internal.conjecture import providers  # (pinned: see drawn_from_the_spec_alone)
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.specs.openapi.checks import positive_data_acceptance, use_after_free

from api import create_app
from tests.support.spec_rules import excused

pytestmark = pytest.mark.contract

EXAMPLES = 10  # per operation, key and generation mode: the spec's text patterns make each generated entry body cost ~0.2 s
STATEFUL_RUNS = 25  # scenarios of up to STEPS linked requests, per key (Hypothesis runs about three times as many while it mutates them)
STEPS = 15
# The operations a partner chains: find an entry, read it, change it with its ETag, read its history.
CHAINED = ["get_resource_list", "get_resource_item", "patch_resource_item", "put_resource_item",
           "delete_resource_item", "get_history", "get_revisions", "get_revision_item"]
KNOWN_ENTRIES = ("fr-3018", "fr-119", "fr-sos-homophobie", "intl-stopncii")  # owned, not owned, pending, international
# Safe fields a generated PUT body may change in an entry as stored (the rest of a random body is mostly invalid).
SAFE_FIELDS = ("priority", "status", "free", "anonymous", "confidential", "organisation", "notes", "audiences", "texts")
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture]
RUN = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=False,
               phases=(Phase.explicit, Phase.generate, Phase.shrink), suppress_health_check=HEALTH)
# Rejecting invalid data: schemathesis' list, plus 413 and 414, the answers to a body or a query
# string too large (a huge invalid query string is refused before it is read).
REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 414, 415, 422, 428, 429, "5xx"]


@pytest.fixture(autouse=True)
def drawn_from_the_spec_alone(monkeypatch):
    """No literals of the project's modules among what Hypothesis draws: only the spec and the seed decide the cases."""
    monkeypatch.setattr(providers, "_get_local_constants", lambda: NO_CONSTANTS)
    providers.CONSTANTS_CACHE.cache.clear()  # what earlier tests drew with them
    yield
    providers.CONSTANTS_CACHE.cache.clear()


NO_CONSTANTS = providers.Constants()


def operations() -> list[tuple[str, str]]:
    """Every operation of /openapi.json, as (role, 'METHOD /path'): those that take a key once per role, the
    public ones (`security: []`) once, a key making no difference to them (the document needs no database)."""
    spec = create_app({"DATABASE_URL": "sqlite://", "RATELIMIT_ENABLED": False}).test_client().get("/openapi.json").get_json()
    return [(role, f"{method.upper()} {path}") for path, item in spec["paths"].items()
            for method, operation in item.items() if method != "parameters"
            for role in (("admin", "owner") if operation.get("security") else ("public",))]


def load_schema(app, key: str):
    """The app's spec, with the partner key as its auth: the auth checks take it away and expect a 401."""
    config = SchemathesisConfig.from_dict({
        "seed": 20261129,
        "generation": {"with-security-parameters": False, "deterministic": True},
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}},
        # the in-process transport hands back the bytes as sent: read them uncompressed (tests/api/test_compression.py
        # checks the compressed answers)
        "headers": {"Accept-Encoding": "identity"},
    })
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=config)

    @schema.auth()
    class PartnerKey:
        def get(self, case, context):
            return key

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return schema


class Store:
    """What the checks need to know of the database around a call."""

    def __init__(self, app):
        self.store = app.extensions["helplinks"].store

    def etag(self, case) -> str | None:
        entry_id = (case.path_parameters or {}).get("entry_id")
        stored = self.store.entry(entry_id) if entry_id else None
        return f'"{entry_id}.v{stored.version}"' if stored else None

    def retired(self, case) -> bool:
        """Retired, or its retirement waiting for an admin (a partner's DELETE of a published entry is a 202)."""
        entry_id = (case.path_parameters or {}).get("entry_id")
        stored = self.store.entry(entry_id) if entry_id else None
        if stored and stored.document["status"] == "retired":
            return True
        return bool(stored) and any(r.action == "retire" for r in self.store.revisions(entry_id=entry_id, status="pending"))

    def document(self, entry_id: str) -> dict | None:
        stored = self.store.entry(entry_id)
        return dict(stored.document) if stored else None


AIMS = st.fixed_dictionaries({
    "entry_id": st.sampled_from(KNOWN_ENTRIES), "if_match": st.sampled_from([None, "*", "current"]),
    "revision_id": st.integers(1, 40), "body_from_store": st.booleans()})


def aim(case, at: dict, store: Store):
    """Most generated ids name nothing: aim this case at a real entry or revision, with a usable If-Match.

    Only what the generation mode leaves alone is changed: the entry id unless it is the invalid part,
    the rest only in valid (positive) cases.
    """
    positive = case.meta.generation.mode is GenerationMode.POSITIVE
    path = dict(case.path_parameters or {})
    if "entry_id" in path and not case.meta.is_negative_at(ParameterLocation.PATH):
        path["entry_id"] = at["entry_id"]
    if "revision_id" in path and positive:
        path["revision_id"] = at["revision_id"]
    case.path_parameters = path
    if positive and case.headers and "If-Match" in case.headers and at["if_match"]:
        case.headers["If-Match"] = "*" if at["if_match"] == "*" else store.etag(case) or "*"
    if positive and at["body_from_store"] and isinstance(case.body, dict):
        method, entry_id = case.operation.method.upper(), path.get("entry_id")
        if method == "PUT" and (stored := store.document(entry_id)):
            case.body = {**stored, **{k: v for k, v in case.body.items() if k in SAFE_FIELDS}}
        elif method == "POST" and case.operation.path == "/v1/resources" and "id" in case.body:
            case.body = {**store.document("fr-3018"), "id": f"fr-3018-{case.body['id']}"[:80].rstrip("-")}
    return case


def validate(case, response, sent_tag, current_tag, retired=False, **options):
    """Every default check; positive_data_acceptance skipped only for an answer spec_rules excuses.

    DELETE retires an entry: it leaves every help screen but stays readable, with its history, as
    `status: retired` (the README's promise; a spec cannot say "soft delete"); from a partner it
    waits for an admin (202), and the entry stays as it was. use_after_free is skipped for requests
    on an entry that is retired or waiting to be, and only for them.
    """
    positive = case.meta.generation.mode is GenerationMode.POSITIVE
    skipped = [positive_data_acceptance] if positive and excused(
        case.operation.method.upper(), response, case.body, sent_tag, current_tag) else []
    if retired:
        skipped.append(use_after_free)
    case.validate_response(response, excluded_checks=skipped or None, **options)


def run_operation(app, schema, label: str, mode: GenerationMode) -> list[int]:
    """Generate cases for one operation in one mode, call the app, check each answer; the statuses seen."""
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    store, statuses = Store(app), []

    @RUN
    @given(case=operation.as_strategy(generation_mode=mode), at=AIMS, aimed=st.booleans())
    def check(case, at, aimed):
        if aimed:
            aim(case, at, store)
        sent_tag, current_tag = (case.headers or {}).get("If-Match"), store.etag(case)
        response = case.call()
        statuses.append(response.status_code)
        validate(case, response, sent_tag, current_tag)

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.POSITIVE:
            raise  # a valid request always exists; only some operations have nothing to negate
    return statuses


@pytest.fixture
def keys(admin, e_enfance):
    return {"admin": admin.key, "owner": e_enfance.key, "public": e_enfance.key}


@pytest.mark.parametrize("role, label", operations())
def test_every_operation_keeps_its_contract(app, keys, role, label):
    schema = load_schema(app, keys[role])
    valid = run_operation(app, schema, label, GenerationMode.POSITIVE)
    run_operation(app, schema, label, GenerationMode.NEGATIVE)
    assert valid and all(status < 500 for status in valid)


@pytest.mark.parametrize("role", ["admin", "owner"])
def test_linked_requests_keep_the_contract(app, admin, make_partner, role):
    """Scenarios along the spec's links: list -> read -> change with the ETag read -> change again...

    A list links to its first entry, whichever it is: the plain partner here owns every entry (so its
    changes to texts publish, and those to contacts or placement wait for review), but is no admin.
    """
    everything = [entry.document["id"] for entry in app.extensions["helplinks"].store.entries()]
    key = admin.key if role == "admin" else make_partner("all entries", entries=everything).key
    schema = load_schema(app, key)
    store, seen = Store(app), []

    # Without learning from earlier answers: derandomized runs must draw the same way every time.
    machine = schema.include(operation_id=CHAINED).build_state_machine(feedback=NO_FEEDBACK, link_calibration=None)

    initial = [stored.document for stored in app.extensions["helplinks"].store.entries()]

    class Scenario(machine):
        def setup(self):
            # every scenario starts from the same entries: a derandomized replay must meet the same answers
            app.extensions["helplinks"].store.import_documents(initial)
            app.extensions["helplinks"].snapshot.invalidate()

        def before_call(self, case):
            super().before_call(case)
            self.sent_tag, self.current_tag = (case.headers or {}).get("If-Match"), store.etag(case)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            seen.append((case.operation.method.upper(), case.operation.path, response.status_code))
            validate(case, response, self.sent_tag, self.current_tag, store.retired(case),
                     transport_kwargs=kwargs or None, recorder=self.recorder)

    Scenario.run(settings=settings(max_examples=STATEFUL_RUNS, stateful_step_count=STEPS, derandomize=True,
                                   database=None, deadline=None, suppress_health_check=HEALTH, print_blob=False))
    changed = [s for s in seen if s[0] in ("PATCH", "PUT", "DELETE") and s[2] in (200, 202)]
    assert changed, "no scenario changed an entry with the ETag it had read"
