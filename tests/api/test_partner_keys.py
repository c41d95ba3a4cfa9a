"""Partner keys: made by the CLI, shown once, stored only as a hash, never logged; rotate and revoke."""
import hashlib
import logging

import pytest
from sqlalchemy import text


def created_key(runner, *args) -> str:
    result = runner.invoke(args=["partners", "create", *args])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def patch_text(client, key):
    """A change the key's partner publishes at once (a text without a number): 200 with a working key."""
    etag = client.get("/v1/resources/fr-3018").headers["ETag"]
    return client.patch("/v1/resources/fr-3018", data='{"texts": {"en": {"call_to_action": "Call us"}}}', headers={
        "Authorization": f"Bearer {key}", "If-Match": etag, "Content-Type": "application/merge-patch+json"})


def test_the_cli_creates_a_partner_whose_key_works(runner, client):
    key = created_key(runner, "e-Enfance", "--owns", "fr-3018", "--countries", "fr,be")
    assert key.startswith("hlk_") and len(key) >= 4 + 12 + 43  # 256 random bits in the secret
    assert patch_text(client, key).status_code == 200
    listing = runner.invoke(args=["partners", "list"]).output
    assert "e-Enfance" in listing and "FR,BE" in listing and "fr-3018" in listing and key not in listing


@pytest.mark.parametrize("args, message", [
    (["--owns", "fr-9999"], "unknown entries: fr-9999"),
    (["--countries", "FR,XX"], "XX"),
    (["--admin", "--review-required", "--owns", "fr-3020"], "--admin and --review-required cannot go together"),
])
def test_the_cli_refuses_unknown_entries_countries_and_contradictions(runner, args, message):
    result = runner.invoke(args=["partners", "create", "someone", *args])
    assert result.exit_code != 0 and message in result.output
    assert "someone" not in runner.invoke(args=["partners", "list"]).output


def test_a_partner_name_is_unique(runner):
    created_key(runner, "e-Enfance")
    result = runner.invoke(args=["partners", "create", "e-Enfance"])
    assert result.exit_code != 0 and "already exists" in result.output


def test_the_key_is_stored_only_as_its_hash(app, runner):
    key = created_key(runner, "e-Enfance", "--owns", "fr-3018")
    secret = key.split("_", 2)[2]
    with app.extensions["helplinks"].store.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM partners")).mappings().all()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0].values())
    assert key not in stored and secret not in stored
    assert rows[0]["key_hash"] == hashlib.sha256(key.encode()).hexdigest()


def test_the_key_is_never_logged(runner, client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # SQL statements and their parameters too
    key = created_key(runner, "e-Enfance", "--owns", "fr-3018")
    assert patch_text(client, key).status_code == 200
    assert patch_text(client, key[:-2] + "xx").status_code == 401
    rotated = created_key(runner, "curators", "--admin")
    assert client.get("/v1/revisions", headers={"Authorization": f"Bearer {rotated}"}).status_code == 200
    assert "partners" in caplog.text, "SQL was logged"
    assert key not in caplog.text and key.split("_", 2)[2] not in caplog.text
    assert rotated not in caplog.text


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer nonsense", "Basic aGxrOnNlY3JldA==",
                                           "Bearer hlk_000000000000_" + "A" * 43])
def test_without_a_valid_key_writes_are_401_with_www_authenticate(client, authorization):
    headers = {"If-Match": "*", "Content-Type": "application/merge-patch+json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = client.patch("/v1/resources/fr-3018", data='{"hours": null}', headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.content_type == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_key_with_a_known_id_but_another_secret_is_refused(runner, client):
    key = created_key(runner, "e-Enfance", "--owns", "fr-3018")
    prefix, key_id, _secret = key.split("_", 2)
    forged = f"{prefix}_{key_id}_{'A' * 43}"
    assert patch_text(client, forged).status_code == 401


def test_rotate_replaces_the_key_and_revoke_stops_it(runner, client):
    old = created_key(runner, "e-Enfance", "--owns", "fr-3018")
    rotated = runner.invoke(args=["partners", "rotate", "e-Enfance"])
    new = rotated.output.strip().splitlines()[-1]
    assert rotated.exit_code == 0 and new != old
    assert patch_text(client, old).status_code == 401
    assert patch_text(client, new).status_code == 200

    assert runner.invoke(args=["partners", "revoke", "e-Enfance"]).exit_code == 0
    assert patch_text(client, new).status_code == 401
    assert "revoked" in runner.invoke(args=["partners", "list"]).output


def test_a_wrong_key_on_a_public_read_is_still_a_401(client):
    response = client.get("/v1/resources/fr-3018", headers={"Authorization": "Bearer hlk_x_y"})
    assert response.status_code == 401
