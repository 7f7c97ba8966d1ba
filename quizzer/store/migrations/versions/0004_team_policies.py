"""Team mode on PostgreSQL: group roles, and row-level security on every table of learner data.

Each person connects with their own login; ``session_user`` names their profile. A learner reads
and writes only rows of that profile; a member of ``quizzer_instructor`` also reads every row.
The table owner (who runs migrations) is not subject to the policies. Nothing happens on SQLite.
Table privileges for the groups are granted by :func:`quizzer.store.team.grant` after every
upgrade. Safe to run again: groups are created only when missing and policies are replaced.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

LEARNER = "quizzer_learner"
INSTRUCTOR = "quizzer_instructor"
# The connected person's profile id; a subquery, so PostgreSQL computes it once per statement.
ME = "(SELECT p.id FROM profile p WHERE p.name = session_user)"
# Mock exams and their items belong to whoever owns the study session they hang off.
MY_SESSIONS = f"(SELECT s.id FROM study_session s WHERE s.profile_id = {ME})"
OWN = {
    "study_session": f"profile_id = {ME}",
    "answer": f"profile_id = {ME}",
    "review_card": f"profile_id = {ME}",
    "question_score": f"profile_id = {ME}",
    "mock_exam": f"session_id IN {MY_SESSIONS}",
    "mock_item": f"session_id IN {MY_SESSIONS}",
}
GROUPS = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{LEARNER}') THEN
    CREATE ROLE {LEARNER} NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{INSTRUCTOR}') THEN
    CREATE ROLE {INSTRUCTOR} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;  -- another process created them at the same moment
END
$$;
"""


def _policy(table: str, name: str, rule: str) -> None:
    op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    op.execute(f"CREATE POLICY {name} ON {table} {rule}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(sa.text(GROUPS))
    op.execute("ALTER TABLE profile ENABLE ROW LEVEL SECURITY")
    # Everyone reads their own profile; an instructor reads every profile.
    _policy("profile", "quizzer_profile_own", "FOR SELECT USING (name = session_user)")
    _policy("profile", "quizzer_profile_all", f"FOR SELECT TO {INSTRUCTOR} USING (true)")
    # A login may create its own profile, as a learner; roles come from group membership.
    _policy(
        "profile",
        "quizzer_profile_join",
        "FOR INSERT WITH CHECK (name = session_user AND role = 'learner')",
    )
    # Only the settings column is granted for update (see quizzer.store.team), and only one's own.
    _policy(
        "profile",
        "quizzer_profile_settings",
        "FOR UPDATE USING (name = session_user) WITH CHECK (name = session_user)",
    )
    for table, own in OWN.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        _policy(table, "quizzer_own", f"FOR ALL USING ({own}) WITH CHECK ({own})")
        _policy(table, "quizzer_instructor_read", f"FOR SELECT TO {INSTRUCTOR} USING (true)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in OWN:
        op.execute(f"DROP POLICY IF EXISTS quizzer_own ON {table}")
        op.execute(f"DROP POLICY IF EXISTS quizzer_instructor_read ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in ("own", "all", "join", "settings"):
        op.execute(f"DROP POLICY IF EXISTS quizzer_profile_{name} ON profile")
    op.execute("ALTER TABLE profile DISABLE ROW LEVEL SECURITY")
