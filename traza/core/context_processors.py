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
        items.append({"url": url, "label": label, "current": False})
    # The current item is the one whose address is the longest start of this page's (/traces/new/ is not /traces/).
    matches = [
        item
        for item in items
        if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return {"nav_items": items}
