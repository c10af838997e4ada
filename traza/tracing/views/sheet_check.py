"""Checking a printed result sheet against the record: the page its QR code opens.

The trace number and code are not personal data, so they may come in the query string. Someone who may not read
the trace learns only whether Traza issued the code for that number, never the trace's state.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from traza.core.typing import AuthenticatedRequest
from traza.tracing.forms.sheet import SheetCheckForm
from traza.tracing.selectors import traces_visible_to
from traza.tracing.sheets.codes import format_code, last_change, sheet_check


@require_GET
@never_cache
@login_required
def sheet_check_page(request: AuthenticatedRequest) -> HttpResponse:
    """A form with trace number and code; with both in the query string, also the answer."""
    asked = "number" in request.GET or "code" in request.GET
    form = SheetCheckForm(request.GET if asked else None)
    context: dict = {"form": form}
    if asked and form.is_valid():
        number, code = form.cleaned_data["number"], form.cleaned_data["code"]
        check = sheet_check(number=number, code=code)
        trace = check.trace
        readable = trace is not None and traces_visible_to(request.user).filter(pk=trace.pk).exists()
        context.update(
            check=check,
            verdict=check.verdict.value,
            readable=readable,
            number=number,
            code=format_code(code),
            changed_at=last_change(trace) if trace is not None and readable else None,
        )
    return render(request, "tracing/sheet_check.html", context)
