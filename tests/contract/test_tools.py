"""/openapi.json through the tools app teams build with, installed by `make node-tools` (pinned in
package-lock.json and constraints.txt): nothing is downloaded here.

- redocly lint (its recommended rules) finds no error;
- openapi-typescript writes types with no `Record<string, never>`, and a strict tsc program that reads
  /v1/help, a bundle and a problem, as the API answered them, type-checks;
- openapi-python-client writes a client whose every module imports, and whose calls against the app on
  loopback return typed objects: a help screen, a bundle, a 304, a problem.
"""
import importlib
import json
import os
import pkgutil
import subprocess
import sys

import pytest

from tests.support.live import QUIET, TOOLS, contract_app, on_loopback  # noqa: F401 (a fixture)

pytestmark = pytest.mark.contract
HELP = "/v1/help?country=FR&category=cyberharassment&lang=fr"


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        pytest.fail(f"{name} is not installed: run `make node-tools` (npm ci from package-lock.json)")
    return str(path)


def run(*command, cwd=None) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **QUIET, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"})
    assert done.returncode == 0, f"{command[0]} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.fixture(scope="module")
def app(contract_app):
    return contract_app


@pytest.fixture(scope="module")
def workspace(app, tmp_path_factory):
    """A folder with openapi.json and live answers: a help screen, a bundle, a problem."""
    folder = tmp_path_factory.mktemp("contract")
    client = app.test_client()
    answers = {"openapi": "/openapi.json", "help": HELP, "bundle": "/v1/bundle?country=FR&lang=fr",
               "problem": "/v1/help?country=FR&category=bullying&audiance=teens"}
    for name, url in answers.items():
        (folder / f"{name}.json").write_bytes(client.get(url).data)
    return folder


def test_redocly_finds_no_error(workspace):
    done = subprocess.run([tool("redocly"), "lint", "openapi.json", "--format=json"], cwd=workspace, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **QUIET})
    report = json.loads(done.stdout[done.stdout.index("{"):])
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert not errors and report["totals"]["errors"] == 0, json.dumps(errors[:5], indent=1)
    assert done.returncode == 0


TYPESCRIPT = """
import type { components, paths } from "./api";
import type { Equal } from "./equal";

type Help = paths["/v1/help"]["get"]["responses"][200]["content"]["application/json"];
type Bundle = components["schemas"]["Bundle"];
type Problem = components["schemas"]["Problem"];

const help: Help = %(help)s;
const bundle: Bundle = %(bundle)s;
const problem: Problem = %(problem)s;

// What a screen reads, typed all the way down: no `any`, no `unknown`, no `Record<string, never>`.
const firstCall: string | null | undefined = help.listen[0]?.contacts[0]?.uri;
const nextChange: string | null | undefined = help.listen[0]?.hours?.next_change;
const closed = (time: string): string =>
  bundle.labels.closed_opens_at_parts.before + time + bundle.labels.closed_opens_at_parts.after;
const weekly: string[] = Object.values(bundle.entries).flatMap((e) => e.hours?.weekly ?? []).map((r) => r.opens);
const fields: string[] = Object.entries(problem.errors ?? {}).flatMap(([field, messages]) => messages.map((m) => field + m));
const unknownParameter: boolean = problem.type === "/problems/invalid-query";
const dir: "ltr" | "rtl" = help.dir;
const labelsAreStrings: Equal<Bundle["labels"]["channels"][string], string> = true;
const errorsAreLists: Equal<NonNullable<Problem["errors"]>[string], string[]> = true;
export const used = [firstCall, nextChange, closed("09:00"), weekly, fields, unknownParameter, dir,
                     labelsAreStrings, errorsAreLists];
"""
EQUAL = "export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;\n"


def test_typescript_types_are_complete_and_a_strict_program_reading_live_answers_compiles(workspace):
    run(tool("openapi-typescript"), "openapi.json", "-o", "api.ts", cwd=workspace)
    types = (workspace / "api.ts").read_text()
    empty = [line.strip() for line in types.splitlines() if "Record<string, never>" in line]
    # openapi-typescript declares the document's absent parts (no webhooks, no $defs) as empty records;
    # nothing inside paths or components may be one.
    assert set(empty) <= {"export type webhooks = Record<string, never>;", "export type $defs = Record<string, never>;"}, empty
    answers = {name: (workspace / f"{name}.json").read_text() for name in ("help", "bundle", "problem")}
    (workspace / "check.ts").write_text(TYPESCRIPT % answers)
    (workspace / "equal.ts").write_text(EQUAL)
    run(tool("tsc"), "--strict", "--noEmit", "--exactOptionalPropertyTypes", "--noUncheckedIndexedAccess",
        "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "check.ts", cwd=workspace)


def test_a_generated_python_client_imports_and_reads_typed_answers(app, workspace, tmp_path):
    run(sys.executable, "-m", "openapi_python_client", "generate", "--path", str(workspace / "openapi.json"),
        "--meta", "none", "--output-path", str(tmp_path / "helplinks_client"))
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("helplinks_client")
        modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(package.__path__, "helplinks_client.")]
        assert len(modules) > 100
        from helplinks_client import Client
        from helplinks_client.api.bundle import get_bundle
        from helplinks_client.api.help_ import get_help
        from helplinks_client.models import Bundle, HelpAnswer, Problem
        from helplinks_client.models.get_help_category import GetHelpCategory
        from helplinks_client.types import UNSET

        with on_loopback(app) as base_url, Client(base_url=base_url, raise_on_unexpected_status=True) as client:
            answer = get_help.sync(client=client, country="FR", category=GetHelpCategory.CYBERHARASSMENT, lang="fr")
            assert isinstance(answer, HelpAnswer) and answer.locale == "fr" and answer.directory_version >= 1
            assert answer.listen[0].contacts[0].uri.startswith(("tel:", "https:"))
            first = get_help.sync_detailed(client=client, country="FR", category=GetHelpCategory.CYBERHARASSMENT)
            again = get_help.sync_detailed(client=client, country="FR", category=GetHelpCategory.CYBERHARASSMENT,
                                           if_none_match=first.headers["ETag"])
            assert again.status_code == 304 and again.parsed is None
            bundle = get_bundle.sync(client=client, country="FR", lang="fr")
            assert isinstance(bundle, Bundle) and bundle.labels.closed_opens_at_parts.before
            assert bundle.entries["fr-3018"].hours.timezone == "Europe/Paris"
            problem = get_help.sync(client=client, country="FR", category=GetHelpCategory.CYBERHARASSMENT, limit=99)
            assert isinstance(problem, Problem) and problem.type_ == "/problems/invalid-query"
            assert problem.errors["limit"] and problem.errors.additional_properties["limit"] != UNSET
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("helplinks_client")]:
            del sys.modules[name]
