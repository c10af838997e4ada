"""On PostgreSQL the audit log cannot be emptied with TRUNCATE either; `flush` (what the suite runs between
tests that commit) still empties it, as a superuser in replica mode."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from traza.audit.models import AuditEvent
from traza.audit.services import audit_record


def record(count: int) -> None:
    for n in range(1, count + 1):
        audit_record(actor=None, action="trace.create", object_type="trace", object_id=n)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # committed entries, as in a running deployment
def test_on_postgresql_the_database_refuses_to_truncate_the_audit_log():
    record(3)

    for statement in ("TRUNCATE audit_auditevent", "TRUNCATE audit_auditevent CASCADE"):
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement)

    assert AuditEvent.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_every_table_for_a_superuser():
    record(2)

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)

    assert AuditEvent.objects.count() == 0
