"""Reads on uploads that a person triggers: every one starts from `uploads_visible_to`.

An upload belongs to the agency that sent it; another agency's upload is simply not found (404).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from traza.agencies.models import User
from traza.imports.models import ImportKind, ImportRowError, ImportRun
from traza.tracing.models import Trace
from traza.tracing.selectors import traces_visible_to, user_can_submit_traces


def uploads_visible_to(user: User) -> QuerySet[ImportRun]:
    """The files `user`'s agency sent through Traza; none for a user with no agency."""
    if not user.is_authenticated or user.agency_id is None:
        return ImportRun.objects.none()
    return ImportRun.objects.filter(agency_id=user.agency_id)


def user_can_upload(user: User) -> bool:
    """Whether `user` may send files for their agency: whoever may submit traces."""
    return user_can_submit_traces(user)


def upload_list(*, user: User) -> QuerySet[ImportRun]:
    """The agency's uploads, newest first, with who sent each."""
    return uploads_visible_to(user).select_related("user").order_by("-created_at", "-id")


def upload_detail(*, user: User, pk: int) -> ImportRun:
    """One upload of `user`'s agency; Http404 for any other."""
    return get_object_or_404(uploads_visible_to(user).select_related("user", "agency"), pk=pk)


def upload_row_errors(run: ImportRun) -> QuerySet[ImportRowError]:
    """The rows the import rejected, in file order."""
    return run.row_errors.order_by("line", "id")


def upload_traces(*, user: User, run: ImportRun) -> QuerySet[Trace]:
    """The traces an upload of trace requests created or last changed, among those `user` may read."""
    if run.kind != ImportKind.TRACE_REQUESTS:
        return Trace.objects.none()
    return traces_visible_to(user).filter(import_run=run).select_related("make").order_by("line", "id")
