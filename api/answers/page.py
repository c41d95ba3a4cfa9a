"""Server-rendered HTML for web views: the embeddable help page, its error page, and their security headers."""
import base64
import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parents[1] / "templates"
DEFAULT_LEAVE_URL = "https://www.google.com/"
log = logging.getLogger(__name__)


def _inline(name: str) -> tuple[str, str]:
    """An inline asset and its CSP hash: the page makes no request of its own, and nothing else may run or style it."""
    text = (TEMPLATES / "embed" / name).read_text(encoding="utf-8").strip()
    return text, "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


STYLESHEET, STYLE_HASH = _inline("help.css")
# "Leave quickly" replaces the top window's page where the browser lets it (so Back does not return
# here); without script, the link itself still leaves the top window.
SCRIPT, SCRIPT_HASH = _inline("leave.js")


def without_number(name: str, number: str) -> str:
    """A service's name without the number it starts with ("17 – Police secours" beside 17 is "Police secours")."""
    parts = re.split(r"\s+[–—-]\s+", name, maxsplit=1)
    if len(parts) == 2 and parts[1] and not re.search(r"[^\d\s.+()-]", parts[0]) \
            and re.sub(r"\D", "", parts[0]) == re.sub(r"\D", "", number) != "":
        return parts[1]
    return name


pages = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                    trim_blocks=True, lstrip_blocks=True)
pages.filters["without_number"] = without_number


def help_page(answer: dict, translations, leave_url: str) -> bytes:
    """The help page for one answer (a help answer document, in its locale)."""
    return _render("embed/help.html", translations, leave_url, answer["locale"], answer["dir"], answer=answer)


def error_page(problem: dict, translations, leave_url: str, locale: str, dir: str, country_name: str | None,
               emergency: list, emergency_numbers: list) -> bytes:
    """The page for a help page asked for with a wrong query: the way out, and emergency numbers when known."""
    return _render("embed/error.html", translations, leave_url, locale, dir, problem=problem,
                   country_name=country_name, emergency=emergency, emergency_numbers=emergency_numbers)


def _render(name: str, translations, leave_url: str, locale: str, dir: str, **context) -> bytes:
    return pages.get_template(name).render(_=translations.gettext, leave_url=leave_url, locale=locale, dir=dir,
                                           stylesheet=STYLESHEET, script=SCRIPT, **context).encode()


def leave_url_of(configured: str) -> str:
    """EMBED_LEAVE_URL if it is an absolute https: (or http:) address; the default otherwise, said in the log."""
    parts = urlsplit(configured or "")
    if parts.scheme in ("https", "http") and parts.netloc and not re.search(r"[\s<>\"'\\]", configured):
        return configured
    log.error("EMBED_LEAVE_URL %r is not an http(s) address: leaving to %s instead", configured, DEFAULT_LEAVE_URL)
    return DEFAULT_LEAVE_URL


def frame_ancestors_of(configured: str) -> str:
    """EMBED_FRAME_ANCESTORS as CSP source expressions; a value that would add another directive frames nothing."""
    if configured and not re.search(r"[;,\r\n]", configured):
        return configured.strip()
    log.error("EMBED_FRAME_ANCESTORS %r is not a list of sources: no site may frame the page", configured)
    return "'none'"


# X-Frame-Options for browsers without CSP frame-ancestors, where it can say the same thing.
FRAME_OPTIONS = {"'self'": "SAMEORIGIN", "'none'": "DENY"}


def page_headers(frame_ancestors: str) -> dict:
    """A strict CSP (only our own inline script and style, no fetch), no referrer leaks, and framed only
    by `frame_ancestors` (EMBED_FRAME_ANCESTORS: this origin alone unless configured)."""
    ancestors = frame_ancestors_of(frame_ancestors)
    policy = (f"default-src 'none'; script-src '{SCRIPT_HASH}'; style-src '{STYLE_HASH}'; img-src 'none'; "
              f"base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}")
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}
    if frame_options := FRAME_OPTIONS.get(ancestors):
        headers["X-Frame-Options"] = frame_options
    return headers
