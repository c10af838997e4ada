"""Setting one's password from the one-time link an administrator handed over with the invitation."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from traza.agencies.models import User
from traza.agencies.selectors.accounts import account_may_sign_in
from traza.agencies.services.accounts import user_set_password


class SetPasswordView(PasswordResetConfirmView):
    """Django's reset-confirm page (the token leaves the address bar at once); the service sets and audits."""

    form_class: "type[SetPasswordForm[User]]" = SetPasswordForm
    template_name = "agencies/set_password.html"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and account_may_sign_in(user) else None

    def form_valid(self, form):
        user_set_password(user=form.user, password=form.cleaned_data["new_password1"])
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, _("Your password is set. Sign in with it."))
        return HttpResponseRedirect(reverse("login"))
