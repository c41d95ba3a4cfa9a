"""Partners and their keys, entry ownership, revisions (history and review) and field reports.

Every entry already stored gets a first revision, so its history starts at its current version.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Document = sa.JSON().with_variant(JSONB(), "postgresql")
Moment = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("review_required", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("key_created_at", Moment, nullable=False),
        sa.Column("revoked_at", Moment, nullable=True),
    )
    op.create_table(
        "partner_entries",
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entry_id", sa.String(80), primary_key=True, index=True),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(80), nullable=False, index=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("document", Document, nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("held_for", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("partners.id"), nullable=True),
        sa.Column("decided_at", Moment, nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
    )
    op.create_index("ix_revisions_entry_version", "revisions", ["entry_id", "version"])
    op.create_table(
        "field_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(80), sa.ForeignKey("entries.id"), nullable=False, index=True),
        sa.Column("entry_version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("comment", sa.String(300), nullable=True),
        sa.Column("created_at", Moment, nullable=False),
    )
    op.execute(sa.text(
        "INSERT INTO revisions (entry_id, action, status, base_version, version, document, changes, held_for, created_at)"
        " SELECT id, 'import', 'applied', version - 1, version, document, '[]', '[]', updated_at FROM entries"
    ))


def downgrade():
    op.drop_table("field_reports")
    op.drop_index("ix_revisions_entry_version", table_name="revisions")
    op.drop_table("revisions")
    op.drop_table("partner_entries")
    op.drop_table("partners")

