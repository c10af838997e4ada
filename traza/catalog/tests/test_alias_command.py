"""`traza catalog alias add "TEXT" "MAKE NAME" [--by USERNAME]`: the markings review from the console."""

import io

import pytest
from django.core.management import CommandError, call_command

from traza.audit.models import AuditEvent
from traza.catalog.models import Make, MakeAlias
from traza.catalog.tests.markings_support import SOUTHPORT, southport_books, waiting_trace
from traza.tracing.models import Trace


def alias_add(*arguments: str) -> str:
    out = io.StringIO()
    call_command("catalog", "alias", "add", *arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_maps_a_spelling_audits_it_and_the_worker_completes_the_waiting_trace(
    load, agency_a, analyst, run_worker, django_capture_on_commit_callbacks
):
    southport_books(load)
    trace = waiting_trace(agency_a, "SOUTHPORT, CONN. USA")

    with django_capture_on_commit_callbacks(execute=True):
        output = alias_add("Southport  Conn. U.S.A.", "ruger", "--by", "Analyst")

    assert "Southport Conn. U.S.A. is now read as Ruger" in output
    alias = MakeAlias.objects.get(key=SOUTHPORT)
    assert (alias.make.name, alias.source, alias.created_by) == ("Ruger", "analyst", analyst)
    assert AuditEvent.objects.get(action="make_alias.create").actor == analyst
    run_worker()
    trace.refresh_from_db()
    assert (trace.make, trace.status) == (Make.objects.get(name="Ruger"), Trace.Status.COMPLETED_PURCHASER)


@pytest.mark.django_db
def test_without_by_the_console_is_named_in_the_audit_log(catalog):
    alias_add("Armeria Hnos. Quintero", "Colt")

    event = AuditEvent.objects.get(action="make_alias.create")
    assert (event.actor, event.actor_name) == (None, "traza catalog alias add")
    assert MakeAlias.objects.get(key="ARMERIA HNOS QUINTERO").created_by is None


@pytest.mark.django_db
def test_an_unknown_make_is_refused_with_exit_2_and_the_nearest_names(catalog):
    with pytest.raises(CommandError) as refused:
        alias_add("Southport Conn. U.S.A.", "Smith Wessen")

    assert refused.value.returncode == 2
    assert "No catalog make is called Smith Wessen" in str(refused.value)
    assert "Smith & Wesson" in str(refused.value)
    assert not MakeAlias.objects.filter(source="analyst").exists()


@pytest.mark.django_db
def test_a_spelling_already_an_alias_is_refused_with_exit_2(catalog):
    alias_add("Southport Conn. U.S.A.", "Ruger")

    for text, make in (("SOUTHPORT CONN USA", "Colt"), ("Sturm Ruger & Co.", "Colt"), ("southport conn. usa", "Ruger")):
        with pytest.raises(CommandError) as refused:
            alias_add(text, make)
        assert refused.value.returncode == 2, text
        assert "already a way of writing Ruger" in str(refused.value), text
    assert AuditEvent.objects.filter(action="make_alias.create").count() == 1


@pytest.mark.django_db
def test_an_unknown_user_or_a_blank_spelling_is_refused_with_exit_2(catalog):
    for arguments, message in (
        (("Southport", "Ruger", "--by", "nobody"), "No user has the username nobody"),
        (("  ... ", "Ruger"), "Give the spelling to map"),
    ):
        with pytest.raises(CommandError, match=message) as refused:
            alias_add(*arguments)
        assert refused.value.returncode == 2
    assert not MakeAlias.objects.filter(source="analyst").exists()


@pytest.mark.django_db
def test_correct_replaces_an_analysts_mapping_and_says_so_in_the_audit_log(catalog):
    alias_add("Armeria Hnos. Quintero", "Colt")

    alias_add("ARMERIA HNOS QUINTERO", "Smith & Wesson", "--correct")

    assert MakeAlias.objects.get(key="ARMERIA HNOS QUINTERO").make.name == "Smith & Wesson"
    change = AuditEvent.objects.get(action="make_alias.change")
    assert (change.actor_name, change.details["previous_make"]) == ("traza catalog alias add", "Colt")
