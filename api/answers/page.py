"""Server-rendered HTML for web views: the embeddable help page, its stylesheet and its security headers."""
import base64
import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parents[1] / "templates"
pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                    trim_blocks=True, lstrip_blocks=True)
# Inline, so the page makes no request of its own; allowed by its hash, so nothing else may style it.
STYLESHEET = (TEMPLATES / "embed" / "help.css").read_text(encoding="utf-8").strip()
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()


def help_page(answer: dict, translations, leave_url: str) -> bytes:
    """The help page for one answer (a help answer document, in its locale)."""
    template = pages.get_template("embed/help.html")
    return template.render(answer=answer, _=translations.gettext, leave_url=leave_url,
                           stylesheet=STYLESHEET).encode()


# X-Frame-Options for browsers without CSP frame-ancestors, where it can say the same thing.
FRAME_OPTIONS = {"'self'": "SAMEORIGIN", "'none'": "DENY"}


def page_headers(frame_ancestors: str) -> dict:
    """A strict CSP (no script, no fetch, only our own inline style), no referrer leaks, and framed only
    by `frame_ancestors` (EMBED_FRAME_ANCESTORS: this origin alone unless configured)."""
    policy = (f"default-src 'none'; style-src '{STYLE_HASH}'; img-src 'none'; base-uri 'none'; "
              f"form-action 'none'; frame-ancestors {frame_ancestors}")
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}
    if frame_options := FRAME_OPTIONS.get(frame_ancestors.strip()):
        headers["X-Frame-Options"] = frame_options
    return headers
