"""Types the project's annotations share (read by mypy; nothing here changes behaviour)."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs types gettext_lazy() as this subclass of Promise (it exists only in the stubs); naming it lets a
    # Text go wherever Django accepts a message (add_error, ValidationError, labels, choices).
    from django.utils.functional import _StrPromise as LazyText

    from traza.agencies.models import User
else:
    from django.utils.functional import Promise as LazyText

#: A message for people: a str, or a lazy translation that is read in the language active when it is shown.
Text = str | LazyText


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required` (or an API view that requires a signed-in user)."""

    user: "User"
