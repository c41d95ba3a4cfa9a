"""Verifications: a revision may say what its author checked.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("revisions", sa.Column("checked", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("revisions") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("checked")
