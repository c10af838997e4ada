"""The result sheet as a PDF, its verification code, `traza verify-sheet` and the page that checks a sheet."""

import base64
import re
import zlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from traza.agencies.services.personal_data import personal_data_reveal
from traza.audit.models import AuditEvent
from traza.industry.models import Purchase
from traza.tracing.models import Trace, TraceSheet
from traza.tracing.services import trace_cancel
from traza.tracing.sheets.codes import format_code, normalise_code, sheet_code, trace_sheet_queryset
from traza.tracing.tests.api_support import BUYER, load_records, submit, waiting_trace
from traza.tracing.tests.pages_support import browser

CASE = {
    "agency_case_number": "CI-CLN-0042",
    "crime_code": "0901",
    "mp_agent": "Lic. María de Jesús Zazueta Peña",
    "mp_office": "Agencia Tercera del MP, Culiacán",
    "iph_number": "IPH/SSP/CLN/2024/00871",
    "first_responder": "Guardia Nacional, Coordinación Sinaloa",
}
POSSESSOR = ("RAMIREZ", "PEDRO")


@pytest.fixture
def traced(load, agency_a, officer_a):
    """A Ruger traced to its first buyer by agency A (Culiacán), with the Mexican case's references."""
    load_records(load)
    return submit(agency_a, actor=officer_a, **CASE)


def spanish(user):
    user.language = "es"
    user.save(update_fields=["language"])
    return user


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF of the standard fonts: each string shown, decoded from WinAnsi, one per line."""
    shown = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        if stream.endswith(b"~>"):
            stream = zlib.decompress(base64.a85decode(stream[:-2]))
        for literal in re.findall(rb"\(((?:\\.|[^\\()])*)\)\s*Tj", stream, re.S):
            raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), literal)
            raw = re.sub(rb"\\(.)", rb"\1", raw)
            shown.append(raw.replace(b"\x7f", b"\x95").decode("cp1252"))
    return "\n".join(shown)


def sheet_pdf(client, trace: Trace):
    return client.get(f"/traces/{trace.number}/sheet.pdf")


def code_of(trace: Trace) -> str:
    return sheet_code(trace_sheet_queryset().get(pk=trace.pk))


@pytest.mark.django_db
def test_the_pdf_is_the_sheet_in_spanish_with_its_accents(traced, officer_a):
    response = sheet_pdf(browser(spanish(officer_a)), traced)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        traced.number,
        "Resultado del rastreo de arma de fuego",
        "Ministerio Público",
        "Lic. María de Jesús Zazueta Peña",
        "Guardia Nacional, Coordinación Sinaloa",
        "Culiacán",
        "CI-CLN-0042",
        "RG-12345-0 · dispositions.csv:2",
        format_code(code_of(traced)),
        f"Persona {Purchase.objects.get().person_key[:8]}",
    ):
        assert expected in text, expected
    assert not any(name in text for name in (*POSSESSOR, *BUYER))


@pytest.mark.django_db
def test_the_pdf_speaks_english_to_an_english_reader(traced, officer_a):
    text = pdf_text(sheet_pdf(browser(officer_a), traced).content)

    assert "Firearm trace result" in text and "Completed: purchaser found" in text
    assert "Short time-to-crime" in text


@pytest.mark.django_db
def test_the_pdf_shows_personal_data_only_to_who_revealed_it(traced, officer_a, investigator_a):
    personal_data_reveal(actor=investigator_a, trace=traced, purpose="Carpeta FGE/SIN/123/2026")

    assert "GARCIA" in pdf_text(sheet_pdf(browser(investigator_a), traced).content)
    assert "GARCIA" not in pdf_text(sheet_pdf(browser(officer_a), traced).content)


@pytest.mark.django_db
def test_the_pdf_of_another_agencys_trace_is_404(traced, officer_b):
    assert sheet_pdf(browser(officer_b), traced).status_code == 404
    assert browser().get(f"/traces/{traced.number}/sheet.pdf").status_code == 302
    assert not AuditEvent.objects.filter(action="trace.sheet").exists()


@pytest.mark.django_db
def test_each_sheet_taken_is_audited_and_its_state_remembered_once(traced, officer_a):
    client = browser(officer_a)
    sheet_pdf(client, traced)
    sheet_pdf(client, traced)
    client.get(f"/traces/{traced.number}/print/")

    events = AuditEvent.objects.filter(action="trace.sheet", object_id=str(traced.pk)).order_by("seq")
    assert [event.details["format"] for event in events] == ["pdf", "pdf", "html"]
    assert TraceSheet.objects.get().code == code_of(traced)


@pytest.mark.django_db
def test_the_html_sheet_and_trace_page_link_the_pdf_and_show_the_code(traced, officer_a):
    client = browser(officer_a)
    html = client.get(f"/traces/{traced.number}/print/").content.decode()

    assert f'href="/traces/{traced.number}/sheet.pdf"' in html
    assert format_code(code_of(traced)) in html and "<svg" in html
    assert f"/traces/verify/?number={traced.number}&amp;code=" in html
    assert f'href="/traces/{traced.number}/sheet.pdf"' in client.get(f"/traces/{traced.number}/").content.decode()


@pytest.mark.django_db
def test_the_code_is_stable_short_and_changes_with_the_record(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)
    code = code_of(trace)

    assert code == code_of(trace) and len(code) == 16 and len(format_code(code)) == 19
    trace_cancel(actor=officer_a, trace=trace)
    assert code_of(trace) != code


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd efgh ijkl mnop", "ABCDEFGHIJKLMNOP"),
        (" ABCD-EFGH-IJKL-MN0P ", "ABCDEFGHIJKLMNOP"),  # a zero for the letter O
        ("", ""),
        ("ABCD-EFGH", ""),
        ("ABCD-EFGH-IJKL-MNÓP", ""),
        ("'; DROP TABLE traces;--", ""),
    ],
)
def test_a_typed_code_is_normalised_or_refused(typed, expected):
    assert normalise_code(typed) == expected


@pytest.mark.django_db
def test_the_command_says_a_sheet_matches_then_that_it_is_outdated(load, agency_a, officer_a, capsys):
    trace = waiting_trace(load, agency_a, officer_a)
    browser(officer_a).get(f"/traces/{trace.number}/sheet.pdf")
    typed = format_code(code_of(trace)).lower().replace("-", " ")

    call_command("verify_sheet", trace.number.lower(), *typed.split())
    assert f"The sheet matches the current record of trace {trace.number}" in capsys.readouterr().out

    trace_cancel(actor=officer_a, trace=trace)
    with pytest.raises(CommandError) as refused:
        call_command("verify_sheet", trace.number, typed)
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "outdated" in message and "printed state: in progress" in message and "now: cancelled" in message


@pytest.mark.django_db
def test_the_command_exits_0_on_a_match_and_1_on_anything_else(traced):
    # Django's command runner exits with a CommandError's returncode, and 0 when the command returns.
    call_command("verify_sheet", traced.number, format_code(code_of(traced)))

    for arguments in (
        [traced.number, "AAAA-BBBB-CCCC-DDDD"],
        [traced.number, "nope"],
        ["T199900000001", "AAAABBBBCCCCDDDD"],
    ):
        with pytest.raises(CommandError) as refused:
            call_command("verify_sheet", *arguments)
        assert refused.value.returncode == 1, arguments


@pytest.mark.django_db
def test_the_command_speaks_spanish_and_names_no_one(traced, capsys):
    with translation.override("es"):
        call_command("verify_sheet", traced.number, code_of(traced))
        with pytest.raises(CommandError) as refused:
            call_command("verify_sheet", traced.number, "AAAA-BBBB-CCCC-DDDD")

    said = capsys.readouterr().out
    assert f"La hoja coincide con el registro actual del rastreo {traced.number}: concluido" in said
    assert str(refused.value).startswith("Código no válido: Traza nunca emitió una hoja")
    assert not any(name in said + str(refused.value) for name in (*POSSESSOR, *BUYER))


def check(client, **query):
    return client.get("/traces/verify/", query)


@pytest.mark.django_db
def test_the_page_says_the_sheet_matches_from_the_qr_codes_link(traced, officer_a):
    html = check(browser(officer_a), number=traced.number, code=format_code(code_of(traced))).content.decode()

    assert "The sheet matches the current record" in html
    assert "Completed: purchaser found" in html or "completed: purchaser found" in html


@pytest.mark.django_db
def test_the_page_says_the_record_changed_and_what_the_sheet_showed(load, agency_a, officer_a):
    trace = waiting_trace(load, agency_a, officer_a)
    client = browser(spanish(officer_a))
    client.get(f"/traces/{trace.number}/sheet.pdf")
    code = code_of(trace)
    trace_cancel(actor=officer_a, trace=trace)

    html = check(client, number=trace.number, code=code.lower()).content.decode()

    assert "El registro cambió desde que se imprimió esta hoja" in html
    assert "Estado impreso: en curso" in html and "Estado actual: cancelado" in html


@pytest.mark.django_db
def test_the_page_tells_an_outsider_only_whether_the_code_is_valid(traced, officer_b):
    client = browser(officer_b)

    valid = check(client, number=traced.number, code=code_of(traced)).content.decode()
    assert "Valid code" in valid and "You may not read this trace" in valid
    assert "purchaser found" not in valid and "CI-CLN-0042" not in valid and f"/traces/{traced.number}/" not in valid
    invalid = check(client, number=traced.number, code="AAAA-BBBB-CCCC-DDDD").content.decode()
    assert "Not a valid code" in invalid
    unknown = check(client, number="T202600999999", code="AAAA-BBBB-CCCC-DDDD").content.decode()
    assert "Not a valid code" in unknown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "code", "error"),
    [
        ("", "", "Este campo es requerido."),
        ("T2024", "ABCD-EFGH-IJKL-MNOP", "Un número de rastreo es T, un año y ocho dígitos"),
        ("T202400000001", "¡hola!", "Un código de verificación tiene 16 letras"),
        ("T202400000001", "x" * 500, "tenga menos de 40 caracteres"),
    ],
)
def test_bad_input_gets_a_spanish_error_never_a_500(traced, officer_a, number, code, error):
    response = check(browser(spanish(officer_a)), number=number, code=code)

    assert response.status_code == 200
    assert error in response.content.decode()


@pytest.mark.django_db
def test_the_page_asks_signed_in_users_only(traced):
    assert check(browser(), number=traced.number, code=code_of(traced)).status_code == 302
