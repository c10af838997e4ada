"""/coordination/: a country coordinator's page: applications, designations (accounts under a central policy,
tracing centres), access policy, sharing agreements."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from traza.agencies.forms import AgreementForm, ApplicationForm, ApproveForm, InviteForm, PolicyForm, RefuseForm
from traza.agencies.models import Agency, SharingAgreement, User
from traza.agencies.permissions import role_required
from traza.agencies.roles import COORDINATORS
from traza.agencies.selectors.agencies import access_policy_for, access_policy_history, agencies_coordinated_by
from traza.agencies.services.accounts import user_invite
from traza.agencies.services.agencies import (
    access_policy_set,
    agency_apply,
    agency_approve,
    agency_designate,
    agency_refuse,
    agency_tracing_centre_set,
)
from traza.agencies.services.sharing import sharing_agreement_create
from traza.core.typing import AuthenticatedRequest

SEARCH_LIMIT = 50


@role_required(COORDINATORS)
def coordination_page(request: AuthenticatedRequest, forms: dict | None = None) -> HttpResponse:
    """Applications waiting, agencies found by code or name, the access policy and its history, the agreements."""
    country = cast(Agency, request.user.agency).country_id
    agencies = agencies_coordinated_by(request.user)
    query = request.GET.get("q", "").strip()
    found = agencies.filter(Q(code__icontains=query) | Q(name__icontains=query))[:SEARCH_LIMIT] if query else []
    forms = forms or {}
    context = {
        "country": cast(Agency, request.user.agency).country,
        "applications": agencies.filter(status=Agency.Status.APPLIED).order_by("created_at", "id"),
        "designated": agencies.filter(Q(designated=True) | Q(tracing_centre=True)),
        "query": query,
        "found": found,
        "policy": access_policy_for(country),
        "policy_history": access_policy_history(country)[:20],
        "agreements": SharingAgreement.objects.filter(country_id=country),
        "approve_form": forms.get("approve") or ApproveForm(),
        "refuse_form": forms.get("refuse") or RefuseForm(),
        "policy_form": forms.get("policy") or PolicyForm(initial={"policy": access_policy_for(country)}),
        "application_form": forms.get("application") or ApplicationForm(),
        "agreement_form": forms.get("agreement") or AgreementForm(),
        "invite_form": forms.get("invite") or InviteForm(roles={User.Role.AGENCY_ADMIN}),
    }
    return render(request, "agencies/coordination.html", context, status=400 if forms else 200)


def _coordinated_agency(request: AuthenticatedRequest, pk: int) -> Agency:
    return get_object_or_404(agencies_coordinated_by(request.user), pk=pk)


def _failed(request: HttpRequest, name: str, form, error: ValidationError) -> HttpResponse:
    for field, problems in getattr(error, "error_dict", {"__all__": error}).items():
        form.add_error(field if field in form.fields else None, problems if isinstance(problems, list) else [problems])
    return coordination_page(request, forms={name: form})


@require_POST
@role_required(COORDINATORS)
def coordination_decide(request: AuthenticatedRequest, pk: int, decision: str) -> HttpResponse:
    """Approve an application (with the MOU reference and date) or refuse it (saying why)."""
    agency = _coordinated_agency(request, pk)
    if decision not in ("approve", "refuse"):
        raise Http404
    form = ApproveForm(request.POST) if decision == "approve" else RefuseForm(request.POST)
    if not form.is_valid():
        return coordination_page(request, forms={decision: form})
    try:
        if decision == "approve":
            agency_approve(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, _("%(agency)s is approved.") % {"agency": agency.name})
        else:
            agency_refuse(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, _("%(agency)s is refused.") % {"agency": agency.name})
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        return _failed(request, decision, form, error)
    return redirect("coordination")


@require_POST
@role_required(COORDINATORS)
def coordination_designate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Designate an agency to hold accounts under a central policy, or withdraw the designation."""
    return _agency_switch(request, pk, "designated", agency_designate, lambda _on: _("%(agency)s: designation saved."))


@require_POST
@role_required(COORDINATORS)
def coordination_tracing_centre(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Designate an agency a tracing centre (its people may be analysts), or withdraw that while it has none."""
    return _agency_switch(
        request,
        pk,
        "tracing_centre",
        agency_tracing_centre_set,
        lambda on: _("%(agency)s is a tracing centre.") if on else _("%(agency)s is no longer a tracing centre."),
    )


def _agency_switch(request: AuthenticatedRequest, pk: int, field: str, change, saved) -> HttpResponse:
    """Turn one of an agency's designations on or off (the checkbox `field`) through the service `change`, then
    say so with `saved(on)`, or say why the service refused."""
    agency = _coordinated_agency(request, pk)
    on = request.POST.get(field) == "on"
    try:
        change(actor=request.user, agency=agency, **{field: on})
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, saved(on) % {"agency": agency.name})
    return redirect("coordination")


@require_POST
@role_required(COORDINATORS)
def coordination_policy(request: AuthenticatedRequest) -> HttpResponse:
    """Change the country's access policy from now on (the earlier one stays in the history)."""
    form = PolicyForm(request.POST)
    if not form.is_valid():
        return coordination_page(request, forms={"policy": form})
    country = cast(Agency, request.user.agency).country_id
    try:
        access_policy_set(actor=request.user, country_id=country, **form.cleaned_data)
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        return _failed(request, "policy", form, error)
    messages.success(request, _("The access policy is changed from now on."))
    return redirect("coordination")


@require_POST
@role_required(COORDINATORS)
def coordination_application(request: AuthenticatedRequest) -> HttpResponse:
    """Record an agency's application, received on paper or by mail, to decide it here."""
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        return coordination_page(request, forms={"application": form})
    data = {key: value for key, value in form.cleaned_data.items() if key != "application_note"}
    data["country_id"] = cast(Agency, request.user.agency).country_id
    try:
        agency = agency_apply(actor=request.user, data=data, note=form.cleaned_data["application_note"])
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        return _failed(request, "application", form, error)
    messages.success(request, _("The application of %(agency)s waits for your decision.") % {"agency": agency.name})
    return redirect("coordination")


@require_POST
@role_required(COORDINATORS)
def coordination_agreement(request: AuthenticatedRequest) -> HttpResponse:
    """Create a sharing agreement in the country, for agencies to join."""
    form = AgreementForm(request.POST)
    if not form.is_valid():
        return coordination_page(request, forms={"agreement": form})
    try:
        sharing_agreement_create(
            actor=request.user, country_id=cast(Agency, request.user.agency).country_id, **form.cleaned_data
        )
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        return _failed(request, "agreement", form, error)
    messages.success(request, _("The sharing agreement is created: agencies may join it."))
    return redirect("coordination")


@never_cache
@require_POST
@role_required(COORDINATORS)
def coordination_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Invite an approved agency's administrator: the answer shows the one-time set-password link, once."""
    agency = _coordinated_agency(request, pk)
    form = InviteForm(request.POST, roles={User.Role.AGENCY_ADMIN})
    if not form.is_valid():
        return coordination_page(request, forms={"invite": form})
    try:
        user, path = user_invite(actor=request.user, agency=agency, **form.cleaned_data)
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        return _failed(request, "invite", form, error)
    return render(request, "agencies/invited.html", {"invited": user, "link": request.build_absolute_uri(path)})
