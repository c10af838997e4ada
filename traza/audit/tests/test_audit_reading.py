"""How an entry reads: details as labelled fields in the reader's language, codes in words, records by their
number or name, linked only where the reader may open them. What is stored never changes."""

from datetime import date

import pytest
from django.utils import translation

from traza.audit.details import details_of, details_text, role_label
from traza.audit.models import AuditEvent
from traza.audit.records import records_of
from traza.audit.selectors import audit_chain_report
from traza.audit.services import audit_record
from traza.tracing.models import Trace


def spanish(action: str, details: dict) -> dict[str, str]:
    with translation.override("es"):
        return {fact.label: fact.value for fact in details_of(action, details)}


def test_a_role_change_reads_as_previous_and_new_role_in_words():
    assert spanish("user.role_change", {"from": "officer", "to": "analyst"}) == {
        "Rol anterior": "agente",
        "Rol nuevo": "analista",
    }


def test_an_import_reads_its_kind_result_and_counts():
    shown = spanish(
        "import.finish",
        {"kind": "trace-requests", "status": "accepted", "created": 120, "rejected": 3, "file_sha256": "ab12"},
    )
    assert shown["Filas creadas"] == "120"
    assert shown["Filas rechazadas"] == "3"
    assert shown["Resultado"] == "aceptada"
    assert shown["Tipo"] != "trace-requests"


def test_a_lead_move_and_a_policy_change_read_their_own_codes():
    assert spanish("lead.close", {"from": "reviewing", "to": "closed"}) == {
        "Estado anterior": "en revisión",
        "Estado nuevo": "cerrada",
    }
    policy = spanish("policy.change", {"country": "MX", "from": "distributed", "to": "central"})
    assert policy["País"] == "MX"
    assert policy["Política nueva"].startswith("central")


def test_yes_no_blanks_lists_and_filters_read_in_spanish():
    shown = spanish("query.answer", {"via": "phone", "purchase": True, "licensee": "", "run": 7})
    assert shown == {
        "Respondida": "por teléfono",
        "Con la compra": "sí",
        "Licencia (RDS)": "—",
        "Número de importación": "7",
    }
    export = spanish("trace.export", {"format": "case-file-xlsx", "count": 12, "criteria": {"status": "completed"}})
    assert export["Filas exportadas"] == "12"
    assert export["Formato"] == "expediente, XLSX"


def test_an_exports_filters_read_as_the_lists_own_filters_do():
    criteria = {"status": "completed_purchaser,not_traced", "recovery_date_from": "2024-01-01", "wizardry": "Sí"}
    assert spanish("trace.export", {"criteria": criteria})["Filtros"] == (
        "Estado = Concluido: se identificó al comprador, No rastreado; Asegurada desde = 2024-01-01; wizardry=Sí"
    )
    leads = spanish("lead.export", {"criteria": {"kind": "ring", "mine": "True"}})
    assert leads["Filtros"] == "Tipo = Red de compradores; Asignadas a mí = sí"
    assert spanish("international.export", {"criteria": {"status": "sent"}})["Filtros"] == "Estado = enviada"
    assert spanish("stats.export", {"criteria": {}})["Filtros"] == "—"


def test_an_unknown_key_falls_back_to_a_translated_generic_label():
    with translation.override("es"):
        facts = details_of("trace.create", {"channel": "web", "wizardry": "Sí, señor"})
    assert [(fact.label, fact.value) for fact in facts] == [("Canal", "formulario web"), ("Otro dato", "Sí, señor")]
    assert facts[1].key == "wizardry"


def test_details_on_one_line_for_a_file_and_roles_in_words():
    with translation.override("es"):
        assert details_text("user.role_change", {"from": "officer", "to": "analyst"}) == (
            "Rol anterior: agente; Rol nuevo: analista"
        )
        assert role_label("auditor") == "auditor"
        assert role_label("agency_admin") == "administrador de la dependencia"
        assert role_label("") == ""
    assert details_text("trace.cancel", {}) == ""


@pytest.fixture
def trace_a(agency_a) -> Trace:
    return Trace.objects.create(
        agency=agency_a,
        request_ref="Caso-ñandú 7",
        channel=Trace.Channel.WEB,
        recovery_date=date(2024, 3, 9),
        recovery_country="MX",
        recovery_region_id="MX-SIN",
        serial_number="ab-1234",
        manufacturer="Glock",
    )


@pytest.mark.django_db
def test_a_record_is_named_by_its_number_and_linked_only_for_who_may_open_it(trace_a, officer_a, auditor_a, officer_b):
    audit_record(actor=officer_a, action="trace.create", target=trace_a, details={"channel": "web"})
    audit_record(actor=officer_a, action="trace.cancel", object_type="trace", object_id=999_999)
    audit_record(actor=auditor_a, action="audit.export", object_type="audit")
    events = list(AuditEvent.objects.order_by("seq"))

    with translation.override("es"):
        for_officer = records_of(events, user=officer_a)
        for_auditor = records_of(events, user=auditor_a)
        for_outsider = records_of(events, user=officer_b)

    key = ("trace", str(trace_a.pk))
    assert (for_officer[key].kind, for_officer[key].name) == ("Rastreo", trace_a.number)
    assert for_officer[key].url == f"/traces/{trace_a.number}/"
    assert for_auditor[key].name == trace_a.number and for_auditor[key].url == ""
    assert for_outsider[key].url == ""
    assert for_auditor["trace", "999999"].name == "n.º 999999"
    assert for_auditor["audit", ""].kind == "Bitácora de auditoría"
    assert all("ñandú" not in record.name and "ab-1234" not in record.name for record in for_officer.values())


@pytest.mark.django_db
def test_reading_the_log_changes_nothing_stored(trace_a, officer_a, auditor_a):
    from django.test import Client

    audit_record(actor=officer_a, action="trace.create", target=trace_a, details={"channel": "web"})
    before = list(AuditEvent.objects.order_by("seq").values())
    auditor_a.language = "es"
    auditor_a.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(auditor_a)

    assert client.get("/audit/").status_code == 200
    assert list(AuditEvent.objects.filter(seq__lte=before[-1]["seq"]).order_by("seq").values()) == before
    assert audit_chain_report().intact
