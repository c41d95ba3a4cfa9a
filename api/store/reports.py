"""Field reports: an entry, a reason, a short comment and the hour it came in. Nothing about the sender."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..directory.partners import Partner
from .tables import FieldReportRow, utcnow


@dataclass(frozen=True)
class FieldReportRecord:
    id: int
    entry_id: str
    entry_version: int
    reason: str
    comment: str | None
    created_at: datetime


class FieldReports:
    """The Store's field report methods (mixed into Store)."""

    def add_report(self, entry_id: str, entry_version: int, reason: str, comment: str | None) -> FieldReportRecord:
        # Kept to the hour: a precise time would help tie a report to a request in some access log.
        received = utcnow().replace(minute=0, second=0, microsecond=0)
        with self.sessions.begin() as session:
            row = FieldReportRow(entry_id=entry_id, entry_version=entry_version, reason=reason, comment=comment,
                                 created_at=received)
            session.add(row)
            session.flush()
            return _record(row)

    def reports(self, *, entry_id: str | None = None, visible_to: Partner | None = None,
                limit: int = 100) -> list[FieldReportRecord]:
        """Newest first; about one entry, and those `visible_to` may read (its entry_scope)."""
        query = select(FieldReportRow).order_by(FieldReportRow.id.desc()).limit(limit)
        if entry_id is not None:
            query = query.where(FieldReportRow.entry_id == entry_id)
        if visible_to is not None and visible_to.entry_scope is not None:
            query = query.where(FieldReportRow.entry_id.in_(sorted(visible_to.entry_scope)))
        with self.sessions() as session:
            return [_record(row) for row in session.scalars(query)]


def _record(row: FieldReportRow) -> FieldReportRecord:
    return FieldReportRecord(row.id, row.entry_id, row.entry_version, row.reason, row.comment, row.created_at)
