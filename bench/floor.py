"""The framework floor: a minimal Flask app returning the same bytes as the service, path by path."""
import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
BODIES = Path(os.environ["FLOOR_BODIES"])
ROUTES = {"/v1/help": ("help", "application/json"), "/v1/bundle": ("bundle", "application/json"),
          "/embed/help": ("embed", "text/html; charset=utf-8")}
for path, (name, content_type) in ROUTES.items():
    data = (BODIES / name).read_bytes()
    app.add_url_rule(path, name, lambda data=data, content_type=content_type: Response(data, content_type=content_type))
