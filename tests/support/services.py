"""What a test needs from the machine: PostgreSQL, Redis, Chromium, nginx, a real gunicorn.

Locally a missing service skips the test with the reason; under CI (CI=true) it fails it, so that a
run can never go green by skipping what it was meant to check.
"""
import os

import pytest

CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def absent(reason: str, module: bool = False):
    """Skip (or under CI, fail) because `reason`: something the test needs is not on this machine."""
    if CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(reason, allow_module_level=module)


def redis_or_absent() -> str:
    """REDIS_URL, once it answers a PING."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        absent(f"no Redis at {REDIS_URL} ({error}): start redis-server, or set TEST_REDIS_URL")
    return REDIS_URL
