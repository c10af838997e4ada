"""The demo's users sign in as their roles ask: the auditor, like the other roles that need one, sets up a
one-time code at the first sign-in and then arrives at the audit log; the list the demo prints marks them."""

import io

import pytest
from django.test import Client

from traza.agencies import totp
from traza.agencies.models import Agency, TwoFactorDevice
from traza.demo.management.commands.demo_data import Command
from traza.demo.services import demo_users_ensure

PASSWORD = "Cuaderno-azul-del-archivo-2026"


@pytest.mark.django_db
def test_the_demo_auditor_sets_up_a_code_then_signs_in_to_the_audit_log(federal):
    demo_users_ensure(password=PASSWORD)
    client = Client(HTTP_ACCEPT_LANGUAGE="es-MX", REMOTE_ADDR="10.1.2.3")

    first = client.post("/accounts/login/", {"username": "auditoria.mx", "password": PASSWORD})
    client.get(first["Location"])
    secret = TwoFactorDevice.objects.get(user__username="auditoria.mx").secret
    codes = client.post(first["Location"], {"code": totp.code_at(secret, totp.current_step())})

    assert first["Location"] == "/accounts/two-factor/"
    assert "<code>" in codes.content.decode()  # the recovery codes, shown once
    assert client.get("/", follow=True).redirect_chain == [("/audit/", 302)]


@pytest.fixture
def delegation(catalog):
    """The federal prosecutor's Sinaloa delegation, home of the demo's officer and investigator."""
    return Agency.objects.create(
        code="MXFGR2500", name="FGR Delegación Sinaloa", country_id="MX", level="federal", kind="prosecutor"
    )


@pytest.mark.django_db
def test_the_printed_list_marks_who_gives_a_one_time_code(federal, delegation):
    _password, users = demo_users_ensure(password=PASSWORD)
    out = io.StringIO()

    Command(stdout=out)._users(PASSWORD, users)

    marked = {line.split()[1] for line in out.getvalue().splitlines() if line.startswith("  * ")}
    listed = {line.split()[-3] for line in out.getvalue().splitlines() if line.startswith("  ")}
    assert marked == {"admin", "investigador.sinaloa", "analista", "coordinacion.mx", "auditoria.mx"}
    assert "oficial.sinaloa" in listed - marked


@pytest.mark.django_db
def test_the_demo_analyst_works_at_a_tracing_centre_designated_once(federal):
    from traza.agencies.models import User
    from traza.audit.models import AuditEvent

    demo_users_ensure(password=PASSWORD)
    demo_users_ensure(password=PASSWORD)  # run again: the designation is not repeated

    analyst = User.objects.select_related("agency").get(username="analista")
    assert (analyst.role, analyst.agency.code, analyst.agency.tracing_centre) == ("analyst", "MXFGR0000", True)
    assert AuditEvent.objects.filter(action="agency.centre_designate").count() == 1
