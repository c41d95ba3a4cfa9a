"""The API documents are the same bytes in every process: workers and instances behind one cache agree."""
import os
import subprocess
import sys


def test_every_process_serves_the_same_documents():
    """Workers and instances behind one cache must agree: no order taken from a set (hash seeds differ)."""
    script = ("import hashlib; from api import create_app; c = create_app({'DATABASE_URL': 'sqlite://'}).test_client(); "
              "print([(r.headers.get('ETag'), hashlib.sha256(r.data).hexdigest()) for r in map(c.get, ('/openapi.json', '/swagger.json'))])")
    seen = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2", "3")}
    assert len(seen) == 1, seen
