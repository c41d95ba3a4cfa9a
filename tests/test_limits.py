"""Rate limits: strict on writes and reports, generous on reads; 429 problems with Retry-After."""
import uuid

import pytest
import redis

from api import create_app

REDIS = "redis://127.0.0.1:6379/2"


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
def redis_prefix():
    prefix = f"helplinks-test-{uuid.uuid4().hex}"
    yield prefix
    connection = redis.Redis.from_url(REDIS)
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)


def test_several_workers_share_their_counts_through_redis(app, e_enfance, clock, redis_prefix):
    config = {**app.config, "CLOCK": clock, "RATELIMIT_STORAGE_URI": REDIS, "RATELIMIT_KEY_PREFIX": redis_prefix,
              "RATELIMIT_WRITE": "2 per minute"}
    workers = [create_app(config).test_client() for _ in range(2)]
    statuses = []
    for worker in workers + workers[:1]:
        e_enfance.client = worker
        statuses.append(e_enfance.patch("fr-3018", {"texts": {"en": {"call_to_action": f"Call ({len(statuses)})"}}})
                        .status_code)
    assert statuses == [200, 200, 429]
