"""What the page tests share: a signed-in browser and the trace form's valid values."""

from django.test import Client

from traza.tracing.tests.api_support import SERIAL

FORM = {
    "manufacturer": "Ruger",
    "model": "P95",
    "caliber": "9mm",
    "firearm_type": "pistol",
    "serial_number": SERIAL,
    "serial_obliterated": "N",
    "recovery_date": "2022-05-01",
    "recovery_country": "MX",
    "recovery_state": "MX-SIN",
    "recovery_municipality": "25006",
    "agency_case_number": "CI-CLN-2022-0042",
    "priority": "routine",
    "officer_name": "Ana López",
    "possessor_last_name": "RAMIREZ",
    "possessor_first_name": "PEDRO",
    "nonce": "test",
}


def browser(user=None) -> Client:
    """A web client signed in as `user` (anonymous without one), reading English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client
