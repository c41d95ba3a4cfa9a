"""Partner keys: made at random, kept only as a hash, checked in constant time; the partner behind a request.

A key reads `hlk_<key id>_<secret>`. The key id is not secret: it finds the partner's row, and
the whole key's SHA-256 is compared with the stored one. A fast hash is enough because the
secret is 256 random bits: there is nothing to guess, only to look up.
"""
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from flask import g, request

from ..directory.partners import Partner
from ..i18n import N_
from .problems import forbidden, unauthorized

PREFIX = "hlk"
REALM = 'Bearer realm="helplinks"'
# Compared against when the key id is unknown, so that a wrong id costs as long as a wrong secret.
_NO_HASH = hashlib.sha256(b"no such key").hexdigest()
_KEY_ID = re.compile(r"[0-9a-f]{1,32}")
MAX_KEY = 200  # new keys are about 60 characters; a longer one is not ours, and is never looked up


@dataclass(frozen=True)
class NewKey:
    key: str  # shown once, never stored
    key_id: str
    key_hash: str


def new_key() -> NewKey:
    key_id = secrets.token_hex(6)
    key = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
    return NewKey(key, key_id, hash_key(key))


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_id_of(key: str) -> str | None:
    """The key id of a well-formed key (what new_key makes), else None."""
    parts = key.split("_", 2)
    if len(key) > MAX_KEY or len(parts) != 3 or parts[0] != PREFIX or not _KEY_ID.fullmatch(parts[1]) or not parts[2]:
        return None
    return parts[1]


def verify(key: str, stored_hash: str | None) -> bool:
    """Whether the key hashes to the stored hash: two SHA-256 hex digests, compared in constant time.

    Without a stored hash (unknown key id) the same comparison runs against a hash no key has.
    """
    return hmac.compare_digest(hash_key(key), stored_hash or _NO_HASH) and stored_hash is not None


def current_partner(store) -> Partner:
    """The partner behind `Authorization: Bearer <key>`; a 401 problem otherwise."""
    if "partner" in g:
        return g.partner
    g.no_store = True
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise unauthorized(N_("Send a partner key as Authorization: Bearer <key>."), REALM)
    key = key.strip()
    key_id = key_id_of(key)
    # An unknown key id and a wrong secret cost the same: one indexed read, one hash, one comparison.
    found = store.key_hash(key_id) if key_id else None
    partner_id, stored_hash, revoked_at = found or (None, None, None)
    record = store.partner_by_id(partner_id) if verify(key, stored_hash) and revoked_at is None else None
    if record is None:
        raise unauthorized(N_("This key is not valid (unknown, rotated or revoked)."), f'{REALM}, error="invalid_token"')
    g.partner = Partner(record.id, record.name, record.admin, record.review_required,
                        tuple(record.countries), frozenset(record.entries))
    return g.partner


def optional_partner(store) -> Partner | None:
    """The partner when the request carries a key (a wrong key is still a 401), else None."""
    return current_partner(store) if "Authorization" in request.headers else None


def require_admin(partner: Partner) -> Partner:
    if not partner.admin:
        raise forbidden(N_("Only an admin may do this."))
    return partner


def require_editor(partner: Partner, entry_id: str) -> Partner:
    if not partner.can_edit(entry_id):
        raise forbidden(N_("This key may not change %(id)s.", id=repr(entry_id)))
    return partner
