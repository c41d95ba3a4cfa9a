"""Rate limits: strict on writes and reports, generous on reads; 429 problems with Retry-After."""
import uuid

import pytest
import redis

from api import create_app

def test_writes_past_the_limit_are_429_with_retry_after(app, e_enfance):
    app.config["RATELIMIT_WRITE"] = "2 per minute"
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call us"}}}).status_code == 200
    assert e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call us now"}}}).status_code == 200

    refused = e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": "Call"}}})

    assert refused.status_code == 429
    assert refused.content_type == "application/problem+json"
    assert refused.get_json()["status"] == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 61  # the rest of the minute, rounded up
    assert e_enfance.get("/v1/resources/fr-3018").get_json()["texts"]["en"]["call_to_action"] == "Call us now"
    assert e_enfance.get("/v1/resources/fr-3018").status_code == 200  # reads have their own, larger limit


def test_field_reports_are_limited_per_client(app, client):
    app.config["RATELIMIT_REPORT"] = "3 per hour"
    sent = [client.post("/v1/resources/fr-3018/reports", json={"reason": "closed"}).status_code for _ in range(4)]
    assert sent == [202, 202, 202, 429]
    other = client.post("/v1/resources/fr-3018/reports", json={"reason": "closed"}, environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert other.status_code == 202


def test_reads_are_limited_too(app, client):
    app.config["RATELIMIT_READ"] = "3 per minute"
    # distinct questions: a repeat is answered before Flask, from the precomputed answer, uncounted
    statuses = [client.get(f"/v1/help?country=FR&category={c}").status_code
                for c in ("scams", "grooming", "mental_health", "sextortion")]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/healthz").status_code == 200


def test_limits_can_be_turned_off(app, clock):
    import gc

    client = create_app({**app.config, "CLOCK": clock, "RATELIMIT_ENABLED": False, "RATELIMIT_READ": "1 per hour"}).test_client()
    gc.collect()
    assert [client.get("/v1/resources/fr-3018").status_code for _ in range(3)] == [200, 200, 200]


@pytest.fixture
def redis_prefix(redis_url):
    prefix = f"helplinks-test-{uuid.uuid4().hex}"
    yield prefix
    connection = redis.Redis.from_url(redis_url)
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)


@pytest.mark.redis
def test_several_workers_share_their_counts_through_redis(app, e_enfance, clock, redis_url, redis_prefix):
    config = {**app.config, "CLOCK": clock, "RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": redis_prefix,
              "RATELIMIT_WRITE": "2 per minute"}
    workers = [create_app(config).test_client() for _ in range(2)]
    statuses = []
    for worker in workers + workers[:1]:
        e_enfance.client = worker
        statuses.append(e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": f"Call ({len(statuses)})"}}})
                        .status_code)
    assert statuses == [200, 200, 429]


SPELLINGS = ["Bearer {}", "bearer {}", "BEARER {}", "bEaReR {}", "Bearer   {}", " Bearer {} ", "Bearer\t{}", "\tbearer \t{}"]


def text_change(client, authorization: str, n: int):
    etag = client.get("/v1/resources/fr-3018").headers["ETag"]
    return client.patch("/v1/resources/fr-3018", json={"texts": {"en": {"call_to_action": f"Call ({n})"}}},
                        headers={"Authorization": authorization, "If-Match": etag})


def test_one_key_is_one_write_counter_however_its_header_is_spelled(app, client, e_enfance):
    app.config["RATELIMIT_WRITE"] = "3 per minute"
    statuses = [text_change(client, spelling.format(e_enfance.key), n).status_code for n, spelling in enumerate(SPELLINGS)]
    assert statuses == [200, 200, 200] + [429] * (len(SPELLINGS) - 3)


def test_another_partner_and_another_address_keep_their_own_counts(app, client, e_enfance, admin):
    app.config["RATELIMIT_WRITE"] = "2 per minute"
    assert [text_change(client, f"Bearer {e_enfance.key}", n).status_code for n in range(3)] == [200, 200, 429]
    assert text_change(client, f"Bearer {admin.key}", 3).status_code == 200


def test_wrong_keys_count_against_the_address_that_sends_them(app, client, e_enfance):
    app.config["RATELIMIT_WRITE"] = "2 per minute"
    forged = [f"Bearer {e_enfance.key[:-1]}{c}" for c in "xyz"]
    assert [text_change(client, key, n).status_code for n, key in enumerate(forged)] == [401, 401, 429]
    other_address = client.patch("/v1/resources/fr-3018", json={}, environ_base={"REMOTE_ADDR": "198.51.100.4"},
                                 headers={"Authorization": forged[0], "If-Match": '"fr-3018.v1"'})
    assert other_address.status_code == 401
    assert text_change(client, f"Bearer {e_enfance.key}", 9).status_code == 200  # the partner's own count is intact


SPOOFED = ["X-Forwarded-For", "X-Real-IP", "Forwarded", "CF-Connecting-IP", "True-Client-IP"]


def report(client, **options):
    return client.post("/v1/resources/fr-3018/reports", json={"reason": "closed"}, **options).status_code


@pytest.mark.parametrize("header", SPOOFED)
def test_without_trusted_proxies_no_header_changes_who_the_client_is(app, client, header):
    app.config["RATELIMIT_REPORT"] = "2 per minute"
    value = "for=192.0.2.{}" if header == "Forwarded" else "192.0.2.{}"
    assert [report(client, headers={header: value.format(n)}) for n in range(3)] == [202, 202, 429]


def test_behind_one_trusted_proxy_the_client_is_the_address_it_names(app, clock):
    """nginx (deploy/nginx.conf) replaces X-Forwarded-For with the peer's address: the last one is the client."""
    proxied = create_app({**app.config, "CLOCK": clock, "TRUSTED_PROXIES": 1, "RATELIMIT_REPORT": "2 per minute"})
    client = proxied.test_client()
    behind = {"environ_base": {"REMOTE_ADDR": "127.0.0.1"}}
    assert [report(client, headers={"X-Forwarded-For": "203.0.113.9"}, **behind) for _ in range(3)] == [202, 202, 429]
    assert report(client, headers={"X-Forwarded-For": "203.0.113.10"}, **behind) == 202
    # a client's own X-Forwarded-For before the proxy's is not believed: the proxy's last entry counts
    assert report(client, headers={"X-Forwarded-For": "192.0.2.1, 203.0.113.9"}, **behind) == 429
