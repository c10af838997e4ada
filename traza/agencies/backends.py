"""Password sign-in: Django's, refused while a user name is locked out, and only for accounts that may sign in."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from traza.agencies.selectors.accounts import account_may_sign_in, signin_locked, users_for_sign_in
from traza.audit.context import current_ip


class AccountBackend(ModelBackend):
    """Sign-in by user name and password for active accounts of agencies that hold accounts.

    The same check runs on every request of a session (`get_user`): a suspended account, or an
    agency that stopped holding accounts, is signed out at once.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and signin_locked(username=username, ip=current_ip()):
            raise PermissionDenied  # Django stops here and reports the failure
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and account_may_sign_in(user)

    def get_user(self, user_id):
        user = users_for_sign_in().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
