"""The demo's users: one of every role, each with a full name, signing in as their role asks. The auditor, like
the other roles that need one, sets up a one-time code at the first sign-in and then arrives at the audit log;
the licensee's responder signs in with the password alone and finds its licence's questions; the list the demo
prints names them and marks who gives a code."""

import io
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from traza.agencies import totp
from traza.agencies.models import Agency, TwoFactorDevice, User
from traza.agencies.roles import TWO_FACTOR_ROLES
from traza.demo.management.commands.demo_data import Command
from traza.demo.services import DEMO_USERS, RESPONDER, demo_intel_apply, demo_load, demo_users_ensure
from traza.demo.world import generate
from traza.industry.models import LicenseeQuery

PASSWORD = "Cuaderno-azul-del-archivo-2026"
README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("users")
    generate(size="small", seed=1968, directory=directory)
    return directory


@pytest.mark.django_db
def test_every_role_has_a_demo_user_with_a_first_and_a_last_name(catalog, world):
    demo_load(directory=world)

    _password, users = demo_users_ensure(password=PASSWORD)

    assert {user.role for user in users} == set(User.Role.values)
    nameless = [user.username for user in users if not (user.first_name.strip() and user.last_name.strip())]
    assert not nameless
    officers = {user.agency.code for user in users if user.role == User.Role.OFFICER}
    assert "MXSINSSP0" in officers, "a state police officer"


@pytest.mark.django_db
def test_the_demo_responder_signs_in_with_the_password_and_finds_its_licences_questions(catalog, world):
    demo_load(directory=world)
    demo_users_ensure(password=PASSWORD)
    responder = User.objects.get(username=RESPONDER)
    open_queries = LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN)
    client = Client(HTTP_ACCEPT_LANGUAGE="es-MX", REMOTE_ADDR="10.1.2.3")

    signed_in = client.post("/accounts/login/", {"username": RESPONDER, "password": PASSWORD})
    queue = client.get(signed_in["Location"], follow=True)

    per_licensee = Counter(open_queries.values_list("licensee_rds", flat=True))
    assert per_licensee[responder.licensee_rds] == max(per_licensee.values()) >= 2
    assert queue.redirect_chain == [("/queries/", 302)]
    shown = {int(pk) for pk in re.findall(r'href="/queries/(\d+)/"', queue.content.decode())}
    assert shown == set(open_queries.filter(licensee_rds=responder.licensee_rds).values_list("id", flat=True))


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


@pytest.mark.django_db
def test_the_responders_queue_shows_overdue_questions_and_questions_still_in_time(catalog, world):
    demo_load(directory=world)
    demo_users_ensure(password=PASSWORD)
    demo_intel_apply(directory=world)
    client = Client(HTTP_ACCEPT_LANGUAGE="es-MX", REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": RESPONDER, "password": PASSWORD})

    queue = client.get("/queries/").content.decode()

    now = timezone.now()
    open_queries = LicenseeQuery.objects.filter(status=LicenseeQuery.Status.OPEN).select_related("trace")
    assert open_queries.filter(due_at__lt=now).exists(), "some questions are overdue"
    assert open_queries.filter(due_at__gte=now).exists(), "some are still in time"
    rows = queue.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    overdue = [row for row in rows if "overdue-flag" in row]
    assert 0 < len(overdue) < len(rows), f"{len(overdue)} of the responder's {len(rows)} questions overdue"
    for query in open_queries:
        trace = query.trace
        assert query.created_at == trace.resolved_at >= trace.submitted_at, query.pk
        assert query.due_at == query.created_at + timedelta(hours=24)
        assert trace.recovery_date <= trace.submitted_at.date() and trace.submitted_at <= now


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

    lines = {line[4:].split()[0]: line for line in out.getvalue().splitlines() if line.startswith("  ")}
    marked = {username for username, line in lines.items() if line.startswith("  * ")}
    assert marked == {"admin", "investigador.sinaloa", "analista", "coordinacion.mx", "auditoria.mx"}
    assert "oficial.sinaloa" in set(lines) - marked
    for user in users:
        assert user.get_full_name() in lines[user.username]
        assert str(user.get_role_display()) in lines[user.username]


@pytest.mark.django_db
def test_the_demo_analyst_works_at_a_tracing_centre_designated_once(federal):
    from traza.agencies.models import User
    from traza.audit.models import AuditEvent

    demo_users_ensure(password=PASSWORD)
    demo_users_ensure(password=PASSWORD)  # run again: the designation is not repeated

    analyst = User.objects.select_related("agency").get(username="analista")
    assert (analyst.role, analyst.agency.code, analyst.agency.tracing_centre) == ("analyst", "MXFGR0000", True)
    assert AuditEvent.objects.filter(action="agency.centre_designate").count() == 1


def test_the_readme_lists_every_demo_user_by_name_marking_who_gives_a_one_time_code():
    rows = {
        match.group(1): line
        for line in README.read_text(encoding="utf-8").splitlines()
        if (match := re.match(r"\| `([\w.]+)`", line))
    }
    assert set(rows) >= {spec.username for spec in DEMO_USERS}
    for spec in DEMO_USERS:
        assert f"| {spec.first_name} {spec.last_name} |" in rows[spec.username]
        assert (" * |" in rows[spec.username]) == (spec.role in TWO_FACTOR_ROLES), spec.username
