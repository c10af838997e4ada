"""Role checks for pages and API views. A page a role may not use answers 404, as an unknown one would."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from rest_framework import permissions

from traza.agencies.roles import has_role


def role_required(roles: frozenset):
    """A page for `roles` only: anonymous visitors go to sign in, every other role gets 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, roles):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def HasRole(roles: frozenset) -> type[permissions.BasePermission]:  # noqa: N802 - reads as a class in views
    """A DRF permission class for `roles` only."""

    class RolePermission(permissions.BasePermission):
        def has_permission(self, request, view) -> bool:
            return has_role(request.user, roles)

    return RolePermission
