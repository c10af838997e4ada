"""The audit log is a hash chain: `traza audit verify` passes on an untouched log and names the first
entry that was altered or removed. On PostgreSQL the database itself refuses UPDATE and DELETE, and
concurrent writers queue on the chain head instead of forking the chain."""

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from traza.audit.chain import GENESIS, entry_hash
from traza.audit.models import AuditChainHead, AuditEvent
from traza.audit.services import audit_record, audit_record_many


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def record(count: int, actor=None) -> list[AuditEvent]:
    return [
        audit_record(actor=actor, action="trace.create", object_type="trace", object_id=n, details={"n": n})
        for n in range(1, count + 1)
    ]


def tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # a superuser switches the append-only trigger off first
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.mark.django_db
def test_entries_chain_in_sequence_from_the_genesis(officer_a):
    first, second, third = record(3, actor=officer_a)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash and third.prev_hash == second.hash
    assert entry_hash(AuditEvent.objects.get(seq=2)) == second.hash  # what the database gives back hashes the same
    assert (first.actor_name, first.role, first.agency) == ("officer_a", "officer", officer_a.agency)
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (3, third.hash)


@pytest.mark.django_db
def test_verify_passes_on_an_untouched_log():
    events = record(4)

    assert f"intact: 4 entries. Last hash: {events[-1].hash}" in verify()


@pytest.mark.django_db
def test_editing_one_entry_makes_verify_fail_naming_it():
    record(5)
    tamper("UPDATE audit_auditevent SET purpose = %s WHERE seq = %s", ["nothing to see", 3])

    with pytest.raises(CommandError, match=r"entry #3 was altered"):
        verify()


@pytest.mark.django_db
def test_an_entry_rewritten_with_a_fresh_hash_is_still_found():
    record(5)
    event = AuditEvent.objects.get(seq=2)
    event.object_id = "999"
    tamper("UPDATE audit_auditevent SET object_id = %s, hash = %s WHERE seq = %s", ["999", entry_hash(event), 2])

    with pytest.raises(CommandError, match=r"entry #2 was altered \(and its hash recomputed\)"):
        verify()


@pytest.mark.django_db
def test_removing_an_entry_makes_verify_fail_at_the_gap():
    record(5)
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [4])

    with pytest.raises(CommandError, match=r"entry #4 is missing"):
        verify()


@pytest.mark.django_db
def test_removing_the_last_entries_makes_verify_fail_against_the_head():
    record(5)
    tamper("DELETE FROM audit_auditevent WHERE seq >= %s", [4])

    with pytest.raises(CommandError, match=r"ends at entry #3 but its head records entry #5"):
        verify()


@pytest.mark.django_db
def test_the_log_has_no_change_or_delete_path_in_code():
    import traza.audit.services as services

    assert {name for name in dir(services) if name.startswith("audit_")} == {"audit_record", "audit_record_many"}
    with pytest.raises(ValueError):
        audit_record(actor=None, action="Not An Action")
    with pytest.raises(ValueError):
        audit_record_many(actor=None, action="Not An Action", targets=[("trace", 1, None)])


@pytest.mark.django_db
def test_a_bulk_change_chains_one_entry_per_record_after_the_others(officer_a):
    audit_record(actor=officer_a, action="trace.create", object_type="trace", object_id=1)

    written = audit_record_many(
        actor=None,
        actor_name="operator",
        action="trace.create",
        targets=(("trace", n, officer_a.agency_id) for n in range(2, 2503)),
        details={"channel": "file"},
    )
    audit_record(actor=officer_a, action="trace.cancel", object_type="trace", object_id=7)

    assert written == 2501
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 2504))
    bulk = AuditEvent.objects.get(seq=2)
    assert (bulk.actor_name, bulk.object_id, bulk.agency_id, bulk.details) == (
        "operator",
        "2",
        officer_a.agency_id,
        {"channel": "file"},
    )
    assert "intact: 2503 entries." in verify()


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_the_database_refuses_to_change_or_delete_an_entry():
    record(2)
    for statement in ("UPDATE audit_auditevent SET purpose = 'x' WHERE seq = 1", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_concurrent_writers_do_not_fork_the_chain():
    writers, per_writer, errors = 8, 10, []

    def write(index: int) -> None:
        try:
            for n in range(per_writer):
                audit_record(actor=None, action="trace.create", object_type="trace", object_id=f"{index}-{n}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, writers * per_writer + 1))
    assert "intact" in verify()
