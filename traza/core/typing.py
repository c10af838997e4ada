"""Types the project's annotations share (read by mypy; nothing here changes behaviour)."""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.functional import Promise

if TYPE_CHECKING:
    from traza.agencies.models import User

#: A message for people: a str, or a lazy translation that is read in the language active when it is shown.
Text = str | Promise


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind `login_required` (or an API view that requires a signed-in user)."""

    user: "User"
