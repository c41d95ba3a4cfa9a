"""Partner accounts: their key hash, their countries, the entries they own."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .tables import EntryRow, OwnershipRow, PartnerRow, utcnow


class PartnerError(ValueError):
    """A partner command that cannot be carried out (name taken, unknown partner or entry)."""


@dataclass(frozen=True)
class PartnerRecord:
    id: int
    name: str
    key_id: str
    key_hash: str
    admin: bool
    review_required: bool
    countries: tuple[str, ...]
    entries: tuple[str, ...]
    created_at: datetime
    key_created_at: datetime
    revoked_at: datetime | None


class PartnerAccounts:
    """The Store's partner methods (mixed into Store)."""

    def add_partner(self, name: str, key_id: str, key_hash: str, *, admin=False, review_required=False,
                    countries=(), entries=()) -> PartnerRecord:
        if admin and review_required:
            raise PartnerError("an admin's changes are never held for review: --admin and --review-required "
                               "cannot go together")
        try:
            with self.sessions.begin() as session:
                _check_entries(session, entries)
                now = utcnow()
                row = PartnerRow(name=name, key_id=key_id, key_hash=key_hash, admin=admin,
                                 review_required=review_required, countries=list(countries),
                                 created_at=now, key_created_at=now)
                session.add(row)
                session.flush()
                session.add_all(OwnershipRow(partner_id=row.id, entry_id=e) for e in dict.fromkeys(entries))
        except IntegrityError:
            raise PartnerError(f"a partner named {name!r} already exists") from None
        return self.partner(name)

    def partner(self, name: str) -> PartnerRecord:
        with self.sessions() as session:
            row = session.scalar(select(PartnerRow).where(PartnerRow.name == name))
            if row is None:
                raise PartnerError(f"no partner named {name!r}")
            return _record(session, row)

    def key_hash(self, key_id: str) -> tuple[int, str, datetime | None] | None:
        """(partner id, key hash, revoked at) for a key id: one indexed read, whether the id exists or not."""
        with self.engine.connect() as connection:
            row = connection.execute(select(PartnerRow.id, PartnerRow.key_hash, PartnerRow.revoked_at)
                                     .where(PartnerRow.key_id == key_id)).first()
            return tuple(row) if row else None

    def partner_by_id(self, partner_id: int) -> PartnerRecord | None:
        with self.sessions() as session:
            row = session.get(PartnerRow, partner_id)
            return _record(session, row) if row else None

    def partners(self) -> list[PartnerRecord]:
        with self.sessions() as session:
            return [_record(session, row) for row in session.scalars(select(PartnerRow).order_by(PartnerRow.name))]

    def set_partner_key(self, name: str, key_id: str, key_hash: str) -> PartnerRecord:
        """Replace a partner's key (the old one stops working at once); un-revokes it."""
        with self.sessions.begin() as session:
            row = _row(session, name)
            row.key_id, row.key_hash, row.key_created_at, row.revoked_at = key_id, key_hash, utcnow(), None
        return self.partner(name)

    def revoke_partner(self, name: str) -> PartnerRecord:
        with self.sessions.begin() as session:
            row = _row(session, name)
            row.revoked_at = row.revoked_at or utcnow()
        return self.partner(name)

    def owners(self, entry_id: str) -> list[str]:
        with self.sessions() as session:
            query = (select(PartnerRow.name).join(OwnershipRow, OwnershipRow.partner_id == PartnerRow.id)
                     .where(OwnershipRow.entry_id == entry_id).order_by(PartnerRow.name))
            return list(session.scalars(query))


def grant(session: Session, partner_id: int, entry_id: str) -> None:
    """Make a partner an owner of an entry (it created it), within the caller's transaction."""
    if session.get(OwnershipRow, (partner_id, entry_id)) is None:
        session.add(OwnershipRow(partner_id=partner_id, entry_id=entry_id))


def _check_entries(session: Session, entries) -> None:
    if not entries:
        return
    known = set(session.scalars(select(EntryRow.id).where(EntryRow.id.in_(list(entries)))))
    unknown = [e for e in entries if e not in known]
    if unknown:
        raise PartnerError(f"unknown entries: {', '.join(unknown)}")


def _row(session: Session, name: str) -> PartnerRow:
    row = session.scalar(select(PartnerRow).where(PartnerRow.name == name).with_for_update())
    if row is None:
        raise PartnerError(f"no partner named {name!r}")
    return row


def _record(session: Session, row: PartnerRow) -> PartnerRecord:
    entries = session.scalars(select(OwnershipRow.entry_id).where(OwnershipRow.partner_id == row.id)
                              .order_by(OwnershipRow.entry_id))
    return PartnerRecord(row.id, row.name, row.key_id, row.key_hash, row.admin, row.review_required,
                         tuple(row.countries or ()), tuple(entries), row.created_at, row.key_created_at,
                         row.revoked_at)
