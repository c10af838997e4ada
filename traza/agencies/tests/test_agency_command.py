"""`traza agency …` and the account changes of `traza user …`: the console's way to the same services."""

import io

import pytest
from django.core.management import CommandError, call_command

from traza.agencies.models import Agency, User
from traza.agencies.selectors.agencies import access_policy_for
from traza.audit.models import AuditEvent


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_operator_records_approves_and_designates_an_agency(catalog):
    run(
        "agency",
        "apply",
        "--code",
        "MXSIN0120",
        "--name",
        "Policía de Navolato",
        "--country",
        "mx",
        "--level",
        "municipal",
        "--kind",
        "police",
    )
    run("agency", "approve", "mxsin0120", "--mou-reference", "MOU-9", "--mou-date", "2026-02-01")
    run("agency", "policy", "MX", "central", "--note", "Single window")
    run("agency", "designate", "MXSIN0120")

    agency = Agency.objects.get(code="MXSIN0120")
    assert (agency.status, agency.mou_reference, agency.designated) == ("approved", "MOU-9", True)
    assert access_policy_for("MX") == "central"
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == ["agency.apply", "agency.approve", "policy.change", "agency.designate"]
    assert not AuditEvent.objects.exclude(actor=None).exists()  # the console: no signed-in actor


@pytest.mark.django_db
def test_a_wrong_value_is_named(catalog):
    with pytest.raises(CommandError, match="country"):
        run("agency", "policy", "ZZ", "central")
    with pytest.raises(CommandError, match="No agency"):
        run("agency", "approve", "NOPE", "--mou-reference", "M", "--mou-date", "2026-01-01")


@pytest.mark.django_db
def test_an_operator_invites_changes_and_suspends_accounts(agency_a, officer_a):
    output = run("user", "invite", "--username", "nuevo", "--agency", agency_a.code, "--role", "officer")
    run("user", "role", "officer_a", "investigator")
    run("user", "suspend", "officer_a")

    assert "/accounts/set-password/" in output
    officer_a.refresh_from_db()
    assert (officer_a.role, officer_a.is_active) == ("investigator", False)
    assert not User.objects.get(username="nuevo").has_usable_password()
