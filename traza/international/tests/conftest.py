"""What the international request tests share: a foreign maker no US importer brings in, traces submitted and
resolved as the on-commit hook does, signed-in clients of the personas."""

import pytest
from django.test import Client
from django.utils import timezone

from traza.catalog.lookup import CatalogIndex
from traza.catalog.models import Make
from traza.tracing.models import Trace
from traza.tracing.services import trace_submit
from traza.tracing.validation import TraceRequestReader

# Argentina's state arsenal (FMAP "Domingo Matheu", Rosario): its Hi-Power copies reach Mexico with no US import mark.
FMAP = "Fábrica Militar de Armas Portátiles"


@pytest.fixture
def fmap(catalog):
    """A foreign maker with no importer and no licence in the catalog: its guns end `traced_foreign`."""
    return Make.objects.get_or_create(name=FMAP, defaults={"country_id": "AR"})[0]


@pytest.fixture
def submit(agency_a, django_capture_on_commit_callbacks):
    counter = iter(range(1, 10_000))

    def submit(agency=agency_a, **fields) -> Trace:
        values = {
            "request_ref": f"CLN/{next(counter)}/2024",
            "agency_code": agency.code,
            "recovery_date": "14/02/2024",
            "recovery_country": "mx",
            "recovery_state": "Sinaloa",
            **fields,
        }
        reader = TraceRequestReader(
            catalog=CatalogIndex.load(), agencies={agency.code: agency.pk}, today=timezone.localdate()
        )
        data = reader.read(1, values, dayfirst=True)
        assert not isinstance(data, list), [str(error.message) for error in data]
        with django_capture_on_commit_callbacks(execute=True):
            trace, _created = trace_submit(actor=None, agency=agency, data=data, channel=Trace.Channel.FILE)
        trace.refresh_from_db()
        return trace

    return submit


@pytest.fixture
def hi_power(fmap, submit):
    """A Browning Hi-Power copy seized in Culiacán, written the way an officer types it."""
    return submit(
        serial_number="  fm-40 817 ",
        manufacturer="fabrica militar de armas portatiles",
        model="FM HP 'Detective'",
        caliber="9 mm",
        firearm_type="pistola",
        markings="EJERCITO ARGENTINO; escudo nacional",
        officer_name="Ofl. Jesús Ávila",
        officer_badge="CLN-4471",
        agency_case_number="FGE/SIN/CLN/0231/2024",
        recovery_locality="Col. Tierra Blanca",
        possessor_last_name="QUINTERO",
        possessor_first_name="MARÍA JOSÉ",
    )


def client_of(user, language: str = "en") -> Client:
    """A signed-in client; the user reads pages in `language` (Mexican agencies' users default to Spanish)."""
    type(user).objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client
