"""What each trafficking indicator means, in one line a person reads: shared by the pages and the API."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from traza.tracing.models import Indicator

INDICATOR_EXPLANATIONS: dict[str, Promise] = {
    Indicator.SHORT_TTC: _("Recovered within three years of its retail sale (strong: within one year)."),
    Indicator.PURCHASER_NOT_POSSESSOR: _("The person it was taken from is not the person who bought it."),
    Indicator.MULTIPLE_SALE: _("Sold in a multiple sale reported on ATF form 3310.4 or 3310.12."),
    Indicator.OBLITERATED_SERIAL: _("Its serial number was removed or defaced (strong: fully)."),
    Indicator.CROSS_BORDER: _("Sold at retail in the US and recovered in another country."),
    Indicator.STOLEN_REPORTED: _("A licensee or a police agency reported it lost or stolen."),
    Indicator.SUSPECT_GUN: _("An investigator flagged this serial for a case: contact the agency named on the trace."),
}


def indicator_explanation(code: str) -> str:
    """The one-line explanation of an indicator code, in the active language ("" for an unknown code)."""
    explanation = INDICATOR_EXPLANATIONS.get(code)
    return str(explanation) if explanation is not None else ""
