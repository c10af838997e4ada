"""Signing in: password, then (for the roles that need it, or anyone who set it up) a one-time code.

A person whose role needs a code and who has no authenticator yet sets one up before signing in.
Between the two steps the session holds only who is signing in, for a few minutes.

The session key changes at every step that gives a session more: the password accepted, a code
accepted (sign-in proper), an authenticator set up. A session cookie planted in the browser before
then (session fixation) is worth nothing afterwards.
"""

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from traza.agencies import totp
from traza.agencies.forms import CodeForm, SignInCodeForm, SignInForm
from traza.agencies.models import User
from traza.agencies.roles import needs_two_factor, user_has_two_factor
from traza.agencies.selectors import preferred_language
from traza.agencies.selectors.accounts import account_may_sign_in, recovery_codes_left
from traza.agencies.services.accounts import signin_lockout_check
from traza.agencies.services.two_factor import two_factor_begin, two_factor_check, two_factor_confirm
from traza.agencies.sessions import PENDING, session_start

PENDING_SECONDS = 300


class SignInView(LoginView):
    """The password step. The roles that need a one-time code (`TWO_FACTOR_ROLES`) go on to the code step."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        target = self.get_success_url()
        if not needs_two_factor(user):
            return complete_signin(self.request, user, second_factor=False, target=target)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": int(time.time()),
            "next": target,
        }
        return redirect("login-code" if user_has_two_factor(user) else "two-factor-setup")


def complete_signin(request: HttpRequest, user: User, *, second_factor: bool, target: str) -> HttpResponse:
    """Sign `user` in (a new session key) and stamp the session; go to `target`."""
    _sign_in(request, user, second_factor=second_factor)
    return HttpResponseRedirect(target)


def _sign_in(request: HttpRequest, user: User, *, second_factor: bool) -> None:
    pending = request.session.pop(PENDING, None) or {}
    backend = getattr(user, "backend", None) or pending.get("backend")
    login(request, user, backend=backend)
    session_start(request, second_factor=second_factor)


def pending_signin(request: HttpRequest) -> tuple[User | None, str]:
    """The user between the password and the code steps (None when there is none, or it is stale), and where to go.

    The code steps then speak that user's language, as every page does once they are signed in.
    """
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, ""
    user = User.objects.select_related("agency").filter(pk=pending["user"]).first()
    if user is None or not account_may_sign_in(user):
        return None, ""
    language = preferred_language(user)
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return user, pending.get("next") or reverse("home")


@never_cache
@require_http_methods(["GET", "POST"])
def signin_code(request: HttpRequest) -> HttpResponse:
    """The code step: six digits from the authenticator app. Wrong codes count towards the lock-out."""
    user, target = pending_signin(request)
    if user is None:
        return redirect("login")
    if not user_has_two_factor(user):
        return redirect("two-factor-setup")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if signin_lockout_check(username=user.get_username()):
            request.session.pop(PENDING, None)
            messages.error(
                request, _("Too many failed sign-ins. Wait a while and try again, or ask your administrator.")
            )
            return redirect("login")
        code = form.cleaned_data["code"]
        if two_factor_check(user=user, code=code):
            if totp.recovery_key(code):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code: %(left)s is left. Set up your phone again soon.",
                        "You signed in with a recovery code: %(left)s are left. Set up your phone again soon.",
                        left,
                    )
                    % {"left": left},
                )
            return complete_signin(request, user, second_factor=True, target=target)
        form.add_error("code", _("This code does not match. Check the app's clock and try the next one."))
    return render(request, "agencies/signin_code.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: while signing in (when the role needs it), or from one's account."""
    pending_user, target = pending_signin(request)
    user = request.user if request.user.is_authenticated else pending_user
    if user is None:
        return redirect("login")
    if user_has_two_factor(user):
        if pending_user is not None and not request.user.is_authenticated:
            return redirect("login-code")
        return render(request, "agencies/two_factor_done.html")
    device = two_factor_begin(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.message_dict["code"])
        else:
            if request.user.is_authenticated:
                request.session.cycle_key()
            else:
                _sign_in(request, user, second_factor=True)
            context: dict[str, object] = {"codes": codes, "target": target or reverse("home")}
            return render(request, "agencies/two_factor_codes.html", context)
    uri = totp.provisioning_uri(device.secret, account=user.get_username())
    qr, qr_size = totp.provisioning_qr(uri)
    context = {
        "form": form,
        "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
        "uri": uri,
        "qr": qr,
        "qr_size": qr_size,
        "signing_in": not request.user.is_authenticated,
    }
    return render(request, "agencies/two_factor_setup.html", context)
