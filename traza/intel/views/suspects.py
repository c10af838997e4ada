"""The suspect-guns page: an agency's investigators flag serials for a case, see which were traced, withdraw flags."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from traza.agencies.roles import SUSPECT_FLAGGERS, has_role
from traza.core.typing import AuthenticatedRequest
from traza.intel.filters import SuspectListFilter
from traza.intel.forms_suspects import SuspectFlagForm
from traza.intel.models import Person
from traza.intel.selectors.people import person_for
from traza.intel.selectors.suspects import person_guns, suspect_hits, suspects_active, suspects_visible_to
from traza.intel.services.suspects import suspect_flag, suspect_withdraw

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@login_required
def suspects(request: AuthenticatedRequest) -> HttpResponse:
    """The agency's flags (active, or ended with ?status=ended) and the form to flag more.

    `?person=<key>` fills the form with every gun that person bought.
    """
    if not has_role(request.user, SUSPECT_FLAGGERS):
        raise Http404
    if request.method == "POST":
        form = SuspectFlagForm(request.POST, request.FILES)
        if form.is_valid() and _flag(request, form):
            return redirect("intel-suspects")
    else:
        form = SuspectFlagForm(initial=_person_initial(request, request.GET.get("person", "")))
    return render(request, "intel/suspects/list.html", {**_listing(request), "form": form})


def _flag(request: AuthenticatedRequest, form: SuspectFlagForm) -> bool:
    """Flag the form's good lines; say whether every line was good (else the bad ones come back to correct)."""
    person = _person(request, form.cleaned_data["person"])
    if form.entries:
        try:
            flags = suspect_flag(
                actor=request.user,
                serials=form.entries,
                case_ref=form.cleaned_data["case_ref"],
                expires_on=form.cleaned_data["expires_on"],
                person=person,
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
            return False
        count = len(flags)
        messages.success(
            request,
            ngettext("%(count)s gun flagged as suspect.", "%(count)s guns flagged as suspect.", count)
            % {"count": count},
        )
    if not form.line_errors:
        return True
    data = cast(QueryDict, form.data).copy()
    data["serials"] = form.rejected_lines()
    form.data = data
    return False


def _person(request: AuthenticatedRequest, key: str) -> Person | None:
    """The person whose guns are flagged, if the user may see them (404 otherwise)."""
    return person_for(user=request.user, key=key.strip()) if key.strip() else None


def _person_initial(request: AuthenticatedRequest, key: str) -> dict:
    """The form filled with the guns a person bought, one a line, to check before flagging."""
    person = _person(request, key)
    if person is None:
        return {}
    lines = [
        f"{gun.serial_number}, {gun.manufacturer}" if gun.manufacturer else gun.serial_number
        for gun in person_guns(person)
    ]
    return {"person": person.key, "serials": "\n".join(lines)}


def _listing(request: AuthenticatedRequest) -> dict:
    visible = suspects_visible_to(request.user).select_related("make", "flagged_by")
    filters = SuspectListFilter(request.GET)  # the page's tabs: a status it cannot read shows the active flags
    shown = filters.apply(visible) if filters.is_valid() else suspects_active(visible)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    hits = suspect_hits(list(page.object_list))
    rows = [{"flag": flag, "hits": hits.get(flag.pk, [])} for flag in page.object_list]
    return {"page": page, "rows": rows, "status": filters.shown_status}


@require_POST
@login_required
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """End a flag of the user's agency before its expiry (another agency's flag: 404)."""
    flag = get_object_or_404(suspects_visible_to(request.user), pk=pk)
    suspect_withdraw(actor=request.user, suspect=flag)
    messages.success(request, gettext("The flag is withdrawn."))
    return redirect("intel-suspects")
