"""On PostgreSQL, the database also refuses to empty the audit log with TRUNCATE.

The row triggers of 0002 do not fire for TRUNCATE, which removes every entry at once; a statement
trigger does. Like the row triggers, it stands aside only for a superuser's session in replica
mode (see the `flush` command).
"""

from django.db import migrations

CREATE = """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
