"""Every role lands where its work is and sees in its menu only pages it may open.

For every role, every address of its menu answers 200 to a user of that role (signed in with the second
factor where the role needs one, as `force_login` leaves the session); the pages of other roles' work are
not in its menu; and "/" (where signing in goes) takes each role to its own first page.
"""

import pytest
from django.test import Client
from django.urls import reverse

from traza.agencies import totp
from traza.agencies.models import TwoFactorDevice, User
from traza.agencies.services.accounts import user_create
from traza.core.context_processors import LANDING, NAV, nav_for

PASSWORD = "Contraseña de prueba 2024"
PERSONAS = {
    User.Role.OFFICER: "officer_a",
    User.Role.INVESTIGATOR: "investigator_a",
    User.Role.ANALYST: "analyst",
    User.Role.AGENCY_ADMIN: "supervisor_a",
    User.Role.COORDINATOR: "coordinator_mx",
    User.Role.INDUSTRY: "industry",
    User.Role.AUDITOR: "auditor_a",
    User.Role.SYSADMIN: "sysadmin",
}
# Pages no role but these may open, so that no other role is shown them.
OWN_PAGES = {
    "agency-admin": {User.Role.AGENCY_ADMIN},
    "coordination": {User.Role.COORDINATOR},
    "audit-log": {User.Role.AUDITOR},
    "query-records": {User.Role.INDUSTRY},
    "intel-suspects": {User.Role.INVESTIGATOR},
}


@pytest.fixture
def people(request, catalog) -> dict[str, User]:
    """A user of every role, the system administrator a staff member as `traza user create` makes one."""
    users = {role: request.getfixturevalue(name) for role, name in PERSONAS.items()}
    User.objects.filter(pk=users[User.Role.SYSADMIN].pk).update(is_staff=True, is_superuser=True)
    return users


def browser(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_every_menu_item_of_every_role_opens_for_that_role(people):
    refused = []
    for role, user in people.items():
        client = browser(user)
        for url, label in nav_for(user):
            status = client.get(url).status_code
            if status != 200:
                refused.append(f"{role}: {label} ({url}) answered {status}")
    assert not refused, refused


@pytest.mark.django_db
def test_the_pages_of_one_roles_work_are_in_no_other_roles_menu(people):
    for name, roles in OWN_PAGES.items():
        url = reverse(name)
        for role, user in people.items():
            assert (url in [shown for shown, _label in nav_for(user)]) is (role in roles), (role, name)


@pytest.mark.django_db
def test_the_system_administrators_menu_holds_no_page_it_cannot_open(people):
    urls = [url for url, _label in nav_for(people[User.Role.SYSADMIN])]

    assert urls == [reverse("catalog")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (User.Role.OFFICER, "home"),
        (User.Role.INVESTIGATOR, "home"),
        (User.Role.ANALYST, "home"),
        (User.Role.AGENCY_ADMIN, "home"),
        (User.Role.COORDINATOR, "coordination"),
        (User.Role.AUDITOR, "audit-log"),
        (User.Role.INDUSTRY, "query-list"),
        (User.Role.SYSADMIN, "catalog"),
    ],
)
def test_the_home_address_takes_each_role_to_its_work(people, role, landing):
    response = browser(people[role]).get("/", follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(landing)


def test_every_landing_page_is_in_its_roles_menu():
    for role, name in LANDING.items():
        assert any(item == name and role in roles for item, _label, roles in NAV), role


@pytest.mark.django_db
def test_an_auditor_signs_in_with_a_code_and_arrives_at_the_audit_log(agency_a):
    user_create(username="plugo", role="auditor", agency_code=agency_a.code, password=PASSWORD)
    client = Client(HTTP_ACCEPT_LANGUAGE="es", REMOTE_ADDR="10.0.0.7")

    first = client.post("/accounts/login/", {"username": "plugo", "password": PASSWORD})
    assert first["Location"] == "/accounts/two-factor/"  # an auditor sets up a code before signing in
    client.get("/accounts/two-factor/")
    secret = TwoFactorDevice.objects.get(user__username="plugo").secret
    client.post("/accounts/two-factor/", {"code": totp.code_at(secret, totp.current_step())})
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "plugo", "password": PASSWORD})
    used = TwoFactorDevice.objects.get(user__username="plugo").last_step
    landed = client.post("/accounts/login/code/", {"code": totp.code_at(secret, used + 1)}, follow=True)

    assert landed.redirect_chain[-1] == (reverse("audit-log"), 302)
    assert landed.status_code == 200


@pytest.mark.django_db
def test_an_industry_responder_signs_in_with_the_password_and_arrives_at_its_queries(licensee):
    user_create(username="respuesta.frontera", role="industry", licensee_rds=licensee.rds_key, password=PASSWORD)
    client = Client(HTTP_ACCEPT_LANGUAGE="es", REMOTE_ADDR="10.0.0.8")

    landed = client.post("/accounts/login/", {"username": "respuesta.frontera", "password": PASSWORD}, follow=True)

    assert landed.redirect_chain == [("/", 302), (reverse("query-list"), 302)]
    assert landed.status_code == 200
