"""Partner keys: made at random, kept only as a hash, checked in constant time; and what a partner may touch.

A key reads `hlk_<key id>_<secret>`. The key id is not secret: it finds the partner's row, and
the whole key's SHA-256 is compared with the stored one. A fast hash is enough because the
secret is 256 random bits: there is nothing to guess, only to look up.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from flask import g, request

from .problems import Problem

PREFIX = "hlk"
REALM = 'Bearer realm="helplinks"'
# Compared against when the key id is unknown, so that a wrong id costs as long as a wrong secret.
_NO_HASH = hashlib.sha256(b"no such key").hexdigest()


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
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


@dataclass(frozen=True)
class Partner:
    """A partner as a request sees it: who, and the scope of its key."""

    id: int
    name: str
    admin: bool
    review_required: bool
    countries: tuple[str, ...]
    entries: frozenset[str]

    def can_edit(self, entry_id: str) -> bool:
        return self.admin or entry_id in self.entries

    def can_place(self, countries, current=()) -> bool:
        """Put an entry in these countries: its own countries, or those the entry already had."""
        return self.admin or set(countries) <= set(self.countries) | set(current)


def verify(key: str, stored_hash: str | None) -> bool:
    return hmac.compare_digest(hash_key(key), stored_hash or _NO_HASH) and stored_hash is not None


def current_partner(store) -> Partner:
    """The partner behind `Authorization: Bearer <key>`; a 401 problem otherwise."""
    if "partner" in g:
        return g.partner
    g.no_store = True
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Problem(401, "Unauthorized", "Send a partner key as Authorization: Bearer <key>.",
                      headers={"WWW-Authenticate": REALM})
    key = key.strip()
    key_id = key_id_of(key)
    record = store.partner_by_key_id(key_id) if key_id else None
    if not verify(key, record.key_hash if record else None) or record.revoked_at is not None:
        raise Problem(401, "Unauthorized", "This key is not valid (unknown, rotated or revoked).",
                      headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    g.partner = Partner(record.id, record.name, record.admin, record.review_required,
                        tuple(record.countries), frozenset(record.entries))
    return g.partner


def optional_partner(store) -> Partner | None:
    """The partner when the request carries a key (a wrong key is still a 401), else None."""
    return current_partner(store) if "Authorization" in request.headers else None


def require_admin(partner: Partner) -> Partner:
    if not partner.admin:
        raise Problem(403, "Forbidden", "Only an admin may do this.")
    return partner


def require_editor(partner: Partner, entry_id: str) -> Partner:
    if not partner.can_edit(entry_id):
        raise Problem(403, "Forbidden", f"This key may not change {entry_id!r}.")
    return partner
