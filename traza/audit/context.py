"""Where a request comes from, kept for the length of the request so services can audit without a request."""

import getpass
import ipaddress
from contextvars import ContextVar

from django.conf import settings

_client_ip: ContextVar[str] = ContextVar("traza_client_ip", default="")


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted reverse proxies saw (TRAZA_PROXIES)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRAZA_PROXIES
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def command_user() -> str:
    """Who runs a command or task with no signed-in user: the operating system account, for the audit log."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):  # an account with no name
        return "(command line)"


def current_ip() -> str:
    """The address of the request being answered ("" outside a request: commands, tasks)."""
    return _client_ip.get()


class AuditContextMiddleware:
    """Remembers the client's address for the audit entries written while answering the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
