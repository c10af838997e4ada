"""Finding traces by any part of a serial: a trigram index on PostgreSQL (SQLite scans, which suits its sizes).

The index is on UPPER(serial_key), the expression Django's `icontains` compares, and not on the column itself:
pg_trgm also serves `=`, and the planner would then read the trigram index for the engine's `serial_key IN
(…1,000 keys…)` look-ups, a hundred times slower than the b-tree.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS trace_serial_part ON tracing_trace USING gin (UPPER(serial_key::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS trace_serial_part"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracing", "0007_indicators_for_leads")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
