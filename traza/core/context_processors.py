"""What every page's layout needs: the navigation for the signed-in user."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("home", _("Home")),
    ("trace-list", _("Traces")),
    ("trace-submit", _("Submit a trace")),
    ("upload-list", _("Uploads")),
    ("catalog", _("Catalog")),
]


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for name, label in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not built yet
            continue
        current = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return {"nav_items": items}
