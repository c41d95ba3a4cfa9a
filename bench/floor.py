"""The framework floor: a minimal Flask app returning the same bytes as the measured answer."""
import os

from flask import Flask, Response

app = Flask(__name__)
with open(os.environ["FLOOR_BODY"], "rb") as handle:
    BODY = handle.read()
CONTENT_TYPE = os.environ.get("FLOOR_CONTENT_TYPE", "application/json")


@app.get("/<path:anything>")
def same_bytes(anything):
    return Response(BODY, content_type=CONTENT_TYPE)
