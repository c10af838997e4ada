"""Sign-ins, sign-in failures and sign-outs reach the audit log through Django's auth signals.

Django sends these signals from its own code (django.contrib.auth), so they are the one place
to hear about them; each receiver only calls the audit service.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from traza.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="traza-audit-login")
def _signed_in(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="auth.login", target=user)


@receiver(user_login_failed, dispatch_uid="traza-audit-login-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """The typed user name only: Django has already masked the password, and it is never kept."""
    audit_record(actor=None, actor_name=str(credentials.get("username", "")), action="auth.login_failed")


@receiver(user_logged_out, dispatch_uid="traza-audit-logout")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user)
