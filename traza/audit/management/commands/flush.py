"""`traza flush`: Django's flush, which on PostgreSQL empties the audit log too, for a superuser only.

The audit table refuses TRUNCATE (migration 0003). Emptying every table is what flush is for, and
what the test suite does between tests that commit, so on PostgreSQL it runs in replica mode, which
leaves ordinary triggers aside and which only a superuser may set: a Traza deployment whose database
user is not a superuser cannot empty its audit log this way.
"""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
            return super().handle(**options)
