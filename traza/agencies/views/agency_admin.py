"""/agency/: an agency administrator's page: the agency's people, invitations, roles, sharing agreements."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from traza.agencies.forms import InviteForm, RoleForm, role_choices
from traza.agencies.models import Agency
from traza.agencies.permissions import role_required
from traza.agencies.roles import AGENCY_ADMINS, assignable_roles
from traza.agencies.selectors.accounts import users_managed_by
from traza.agencies.selectors.agencies import sharing_agreements_for, sharing_history
from traza.agencies.services.accounts import (
    user_change_role,
    user_invite,
    user_reactivate,
    user_remove,
    user_suspend,
)
from traza.agencies.services.sharing import sharing_join, sharing_leave
from traza.agencies.services.two_factor import two_factor_reset
from traza.core.typing import AuthenticatedRequest


@role_required(AGENCY_ADMINS)
def agency_page(request: AuthenticatedRequest, invite_form: InviteForm | None = None) -> HttpResponse:
    """The agency's accounts with what may be done to each, the invitation form, the sharing agreements."""
    agency, roles = _own_agency(request), assignable_roles(request.user)
    context = {
        "agency": agency,
        "users": users_managed_by(request.user).select_related("two_factor"),
        "role_choices": role_choices(roles),
        "invite_form": invite_form or InviteForm(roles=roles),
        "agreements": sharing_agreements_for(agency),
        "history": sharing_history(agency)[:20],
    }
    return render(request, "agencies/agency.html", context, status=400 if invite_form else 200)


def _own_agency(request: AuthenticatedRequest) -> Agency:
    """The administrator's agency. Signing in lets no account of an agency's role in without its agency
    (`account_may_sign_in`); an account without one has no agency page, as every other role has none."""
    if request.user.agency is None:
        raise Http404
    return request.user.agency


@never_cache
@require_POST
@role_required(AGENCY_ADMINS)
def agency_invite(request: AuthenticatedRequest) -> HttpResponse:
    """Invite a person: the page that answers shows the one-time set-password link, once."""
    form = InviteForm(request.POST, roles=assignable_roles(request.user))
    if not form.is_valid():
        return agency_page(request, invite_form=form)
    try:
        user, path = user_invite(actor=request.user, agency=_own_agency(request), **form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error)
        return agency_page(request, invite_form=form)
    except PermissionDenied:
        raise Http404
    context = {"invited": user, "link": request.build_absolute_uri(path)}
    return render(request, "agencies/invited.html", context)


def _add_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


USER_ACTIONS = {
    "suspend": (user_suspend, gettext_lazy("%(user)s is suspended.")),
    "reactivate": (user_reactivate, gettext_lazy("%(user)s may sign in again.")),
    "remove": (user_remove, gettext_lazy("%(user)s is removed.")),
    "two-factor-reset": (
        two_factor_reset,
        gettext_lazy("%(user)s will set up a new authenticator at the next sign-in."),
    ),
}


# What asking to suspend, remove or reset someone's authenticator says before it is done: (question, consequence).
CONFIRMED_ACTIONS = {
    "suspend": (
        gettext_lazy("Suspend %(user)s?"),
        gettext_lazy("They are signed out of every session at once and cannot sign in until reactivated."),
    ),
    "remove": (
        gettext_lazy("Remove %(user)s?"),
        gettext_lazy(
            "They are signed out and can never sign in again; what they did stays in the audit log. "
            "This cannot be undone."
        ),
    ),
    "two-factor-reset": (
        gettext_lazy("Reset the authenticator of %(user)s?"),
        gettext_lazy("Their current codes stop working; they set up a new authenticator at the next sign-in."),
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(AGENCY_ADMINS)
def agency_user_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """Suspend, reactivate or remove an account of the agency, or reset its authenticator.

    Suspending, removing and resetting ask first: a GET, or a POST without `confirmed`, shows what will happen.
    """
    user = get_object_or_404(users_managed_by(request.user), pk=pk)
    if action not in USER_ACTIONS:
        raise Http404
    if action in CONFIRMED_ACTIONS and (request.method == "GET" or request.POST.get("confirmed") != "yes"):
        question, consequence = CONFIRMED_ACTIONS[action]
        name = user.get_full_name() or user.get_username()
        context = {"person": user, "action": action, "question": question % {"user": name}, "consequence": consequence}
        return render(request, "agencies/confirm_user_action.html", context)
    if request.method != "POST":
        return redirect("agency-admin")
    service, done = USER_ACTIONS[action]
    try:
        service(actor=request.user, user=user)
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done) % {"user": user.get_username()})
    return redirect("agency-admin")


@require_POST
@role_required(AGENCY_ADMINS)
def agency_user_role(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give an account of the agency another role (never one's own)."""
    user = get_object_or_404(users_managed_by(request.user), pk=pk)
    form = RoleForm(request.POST, roles=assignable_roles(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return redirect("agency-admin")
    try:
        user_change_role(actor=request.user, user=user, role=form.cleaned_data["role"])
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(user)s is now %(role)s.") % {"user": user, "role": user.get_role_display()})
    return redirect("agency-admin")


@require_POST
@role_required(AGENCY_ADMINS)
def agency_sharing(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """Join or leave a sharing agreement of the agency's country."""
    agency = _own_agency(request)
    agreement = get_object_or_404(sharing_agreements_for(agency), pk=pk)
    try:
        if action == "join":
            sharing_join(actor=request.user, agency=agency, agreement=agreement)
            messages.success(request, _("Your agency now shares its traces with %(name)s.") % {"name": agreement})
        elif action == "leave":
            sharing_leave(actor=request.user, agency=agency, agreement=agreement)
            messages.success(request, _("Your agency left %(name)s.") % {"name": agreement})
        else:
            raise Http404
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agency-admin")
