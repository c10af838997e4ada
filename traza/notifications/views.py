"""The user's notifications: the list under the bell, marking them read, which kinds come by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from traza.core.typing import AuthenticatedRequest
from traza.notifications.forms import PreferencesForm
from traza.notifications.messages import notification_text
from traza.notifications.selectors import email_kinds, notifications_of
from traza.notifications.services import notifications_mark_read, preferences_set

PAGE_SIZE = 50


@login_required
def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's notifications, newest first, each in the reader's language; unread ones marked."""
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"notification": item, "text": notification_text(item)} for item in page.object_list]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@require_POST
@login_required
def mark_read(request: AuthenticatedRequest) -> HttpResponse:
    """Mark one notification read (`id`) and go to its page, or mark them all read (no `id`)."""
    raw = request.POST.get("id", "")
    if raw.isdecimal():
        notifications_mark_read(user=request.user, ids=[int(raw)])
        target = notifications_of(request.user).filter(pk=int(raw)).values_list("url", flat=True).first()
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return redirect(target)
    else:
        notifications_mark_read(user=request.user)
        messages.success(request, gettext("Every notification is marked read."))
    return redirect("notification-list")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """Which kinds of notification come by e-mail too."""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            preferences_set(user=request.user, email_kinds=form.cleaned_data["email_kinds"])
            messages.success(request, gettext("Your choices are saved."))
            return redirect("notification-preferences")
    else:
        form = PreferencesForm(initial={"email_kinds": sorted(email_kinds(request.user))})
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})
