"""`traza agency apply|approve|refuse|designate|tracing-centre|policy`: onboarding, designations and access
policy, from the console.

The pages at /coordination/ do the same for a country's coordinator; every change is in the audit log.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from traza.agencies.management.commands.user import validation_error
from traza.agencies.models import AccessPolicy, Agency
from traza.agencies.services.agencies import (
    access_policy_set,
    agency_apply,
    agency_approve,
    agency_designate,
    agency_refuse,
    agency_tracing_centre_set,
)


class Command(BaseCommand):
    help = "Agencies' applications and the countries' access policies: `traza agency approve CODE --mou-reference R …`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        apply = actions.add_parser("apply", help="Record an agency's application")
        for name in ("code", "name", "country", "level", "kind"):
            apply.add_argument(f"--{name}", required=True)
        apply.add_argument("--note", default="")
        approve = actions.add_parser("approve", help="Approve an application, with its agreement (MOU)")
        approve.add_argument("code")
        approve.add_argument("--mou-reference", required=True)
        approve.add_argument("--mou-date", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        refuse = actions.add_parser("refuse", help="Refuse an application, saying why")
        refuse.add_argument("code")
        refuse.add_argument("--note", required=True)
        designate = actions.add_parser("designate", help="Let an agency hold accounts under a central policy")
        designate.add_argument("code")
        designate.add_argument("--withdraw", action="store_true", help="Withdraw the designation instead")
        centre = actions.add_parser(
            "tracing-centre", help="Make an agency a tracing centre (its people may be analysts)"
        )
        centre.add_argument("code")
        centre.add_argument(
            "--withdraw", action="store_true", help="Withdraw the designation (refused while it has analysts)"
        )
        policy = actions.add_parser("policy", help="Set a country's access policy from now on")
        policy.add_argument("country", help="ISO code, e.g. MX")
        policy.add_argument("policy", choices=AccessPolicy.Policy.values)
        policy.add_argument("--note", default="")

    def handle(self, *args, action: str, **options):
        try:
            message = getattr(self, action.replace("-", "_"))(**options)
        except ValidationError as error:
            raise validation_error(error)
        self.stdout.write(message)

    def apply(self, *, code, name, country, level, kind, note, **options) -> str:
        data = {"code": code, "name": name, "country_id": country.upper(), "level": level, "kind": kind}
        agency = agency_apply(actor=None, data=data, note=note)
        return _("%(code)s applied: it waits for a decision.") % {"code": agency.code}

    def approve(self, *, code, mou_reference, mou_date, **options) -> str:
        agency_approve(actor=None, agency=_agency(code), mou_reference=mou_reference, mou_date=mou_date)
        return _("%(code)s approved.") % {"code": code.upper()}

    def refuse(self, *, code, note, **options) -> str:
        agency_refuse(actor=None, agency=_agency(code), note=note)
        return _("%(code)s refused.") % {"code": code.upper()}

    def designate(self, *, code, withdraw, **options) -> str:
        agency_designate(actor=None, agency=_agency(code), designated=not withdraw)
        return _("%(code)s: designation saved.") % {"code": code.upper()}

    def tracing_centre(self, *, code, withdraw, **options) -> str:
        agency = agency_tracing_centre_set(actor=None, agency=_agency(code), tracing_centre=not withdraw)
        if agency.tracing_centre:
            return _("%(code)s is a tracing centre.") % {"code": agency.code}
        return _("%(code)s is no longer a tracing centre.") % {"code": agency.code}

    def policy(self, *, country, policy, note, **options) -> str:
        setting = access_policy_set(actor=None, country_id=country.upper(), policy=policy, note=note)
        return _("%(country)s: access policy %(policy)s from now on.") % {
            "country": country.upper(),
            "policy": setting.get_policy_display(),
        }


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code__iexact=code.strip()).first()
    if agency is None:
        raise CommandError(_("No agency has the code %(code)s.") % {"code": code})
    return agency
