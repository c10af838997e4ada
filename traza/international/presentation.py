"""An international request put into words: the trace request form's fields, and the answer's evidence."""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from traza.catalog.models import Country
from traza.international.models import InternationalRequest
from traza.tracing.presentation import catalog_name


def request_facts(item: InternationalRequest) -> list[tuple[str, list[tuple[str, str]]]]:
    """The fields INTERPOL's firearms trace request form asks for, in sections: (section, [(label, value)])."""
    trace = item.trace
    make = trace.make
    recovery_place = ", ".join(
        part
        for part in (
            trace.recovery_locality,
            trace.recovery_municipality.name if trace.recovery_municipality else "",
            trace.recovery_region.local_name if trace.recovery_region else "",
            country_name(trace.recovery_country),
        )
        if part
    )
    firearm = [
        (_("Make as marked"), trace.manufacturer),
        (_("Make in the catalog"), f"{make.name} ({catalog_name(make.country)})" if make else gettext("not resolved")),
        (_("Model"), trace.model),
        (_("Calibre"), trace.caliber),
        (_("Firearm type"), trace.get_firearm_type_display()),
        (_("Serial number"), trace.serial_number or trace.get_serial_obliterated_display()),
        (_("Country of origin"), country_name(trace.country_of_origin)),
        (_("Import marking"), trace.importer),
        (_("Other markings"), trace.markings),
    ]
    recovery = [
        (_("Recovery date"), date_format(trace.recovery_date, "DATE_FORMAT")),
        (_("Recovery place"), recovery_place),
    ]
    requester = [
        (_("Requesting agency"), f"{trace.agency.name} ({trace.agency.code})"),
        (_("Requesting officer"), " · ".join(part for part in (trace.officer_name, trace.officer_badge) if part)),
        (_("Case number"), trace.agency_case_number),
        (_("Trace number"), trace.number),
    ]
    return [
        (gettext("Firearm"), [(str(label), value or "—") for label, value in firearm]),
        (gettext("Recovery"), [(str(label), value or "—") for label, value in recovery]),
        (gettext("Requesting agency"), [(str(label), value or "—") for label, value in requester]),
    ]


def country_name(code: str) -> str:
    """A country's name in the active language, from its code ("" for none, the code itself if unknown)."""
    country = Country.objects.filter(code=code.upper()).first() if code else None
    return catalog_name(country) if country is not None else code


def answer_evidence(item: InternationalRequest) -> str:
    """Whose answer the trace's result rests on: "answer of Belgium's authority, reference X, 3 March 2025"."""
    if not item.answer:
        return ""
    values = {
        "country": catalog_name(item.country),
        "reference": item.foreign_reference or "—",
        "date": date_format(item.answered_at, "DATE_FORMAT") if item.answered_at else "—",
    }
    return gettext("Answer of the authority of %(country)s, reference %(reference)s, recorded on %(date)s.") % values


def export_words(item: InternationalRequest) -> str:
    """The lawful export the answer names: to whom, in which country, on which date."""
    if item.answer != InternationalRequest.Answer.EXPORT:
        return ""
    values = {
        "party": item.export_party,
        "country": catalog_name(item.export_country) if item.export_country else "—",
        "date": date_format(item.export_date, "DATE_FORMAT") if item.export_date else "—",
    }
    return gettext("Exported to %(party)s (%(country)s) on %(date)s.") % values
