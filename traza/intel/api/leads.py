"""/api/v1/leads/: the leads an investigator or analyst may read, and the actions of their life cycle.

For investigators and analysts only (403 for every other role); every read starts from
`leads_visible_to`, so a lead none of whose traces the account may read answers 404. The list
reads the web page's filter form, and each action the page's own form and service, so both refuse
the same things with the same words. A move the life cycle does not allow is a conflict (409).
"""

from collections.abc import Iterable
from functools import partial
from typing import cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from traza.agencies.models import User
from traza.agencies.permissions import HasRole
from traza.core.api import RequestLanguageMixin, error_response, error_responses
from traza.intel.exports import reason_codes
from traza.intel.filters import LeadListFilter
from traza.intel.forms import AssignForm, CloseForm, NoteForm, ReferForm, StatusForm
from traza.intel.leads.reasons import reason_text
from traza.intel.models import Lead
from traza.intel.selectors.leads import (
    LEAD_WORKERS,
    lead_detail,
    lead_list,
    lead_trace_count,
    people_keys,
    visible_trace_numbers,
)
from traza.intel.services.leads import lead_assign, lead_close, lead_note_add, lead_refer, lead_reopen, lead_review
from traza.tracing.selectors import traces_visible_to

NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description=_("The lead's number, e.g. L0000042"))
ERRORS = {
    403: _("The account works no leads (investigators and analysts do)."),
    404: _("No such lead among those the account may read."),
    409: _("The life cycle does not allow this move from the lead's status."),
}


errors = partial(error_responses, meanings=ERRORS)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The indicator"))
    strength = serializers.FloatField(allow_null=True, help_text=_("How strong, 0 to 1"))
    text = serializers.CharField(help_text=_("The reason in one line, in the reader's language"))


class LeadSerializer(serializers.Serializer):
    """A lead: never a name; people by their opaque keys, traces by number (only those the account may read)."""

    number = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.ChoiceField(choices=Lead.Kind.choices)
    score = serializers.FloatField()
    subject = serializers.CharField(help_text=_("What the lead is about: a person's key, an RDS key, a ring's key"))
    indicators = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)
    first_seen = serializers.DateField()
    last_seen = serializers.DateField()
    active = serializers.BooleanField()
    status = serializers.ChoiceField(choices=Lead.Status.choices)
    assigned_to = serializers.CharField(allow_null=True, help_text=_("The assignee's username"))
    referred_to = serializers.CharField(allow_null=True, help_text=_("The code of the agency it was referred to"))
    referred_case = serializers.CharField()
    closed_reason = serializers.CharField()
    trace_numbers = serializers.ListField(child=serializers.CharField())
    other_traces = serializers.IntegerField(help_text=_("How many of its traces the account may not read"))
    people = serializers.ListField(child=serializers.CharField(), help_text=_("The keys of the people it rests on"))


class NoteSerializer(serializers.Serializer):
    author = serializers.CharField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class AssignRequest(serializers.Serializer):
    assignee = serializers.CharField(help_text=_("Username of an active investigator of the account's agency"))


class StatusRequest(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Lead.Status.REVIEWING], help_text=_("Review a new lead, reopen a closed one")
    )


class ReferRequest(serializers.Serializer):
    agency = serializers.CharField(help_text=_("The code of the agency the lead is referred to"))
    case_ref = serializers.CharField(max_length=80)


class CloseRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class NoteRequest(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class LeadView(RequestLanguageMixin, GenericAPIView):
    permission_classes = [permissions.IsAuthenticated, HasRole(LEAD_WORKERS)]
    serializer_class: type[serializers.Serializer] = LeadSerializer

    def rows(self, leads: list[Lead]) -> list[dict]:
        ids = [lead.pk for lead in leads]
        numbers, keys = (
            visible_trace_numbers(traces=traces_visible_to(cast(User, self.request.user)), lead_ids=ids),
            people_keys(lead_ids=ids),
        )
        return [self.row(lead, numbers[lead.pk], keys[lead.pk]) for lead in leads]

    def row(self, lead: Lead, trace_numbers: list[str], people: list[str]) -> dict:
        total = getattr(lead, "trace_count", None)
        return {
            "number": lead.number,
            "url": reverse("api-lead-detail", args=[lead.number]),
            "kind": lead.kind,
            "score": round(lead.score, 1),
            "subject": lead.subject_key,
            "indicators": reason_codes(lead.reasons),
            "reasons": [
                {"code": item.get("code", ""), "strength": item.get("strength"), "text": reason_text(item)}
                for item in lead.reasons
            ],
            "first_seen": lead.first_seen,
            "last_seen": lead.last_seen,
            "active": lead.active,
            "status": lead.status,
            "assigned_to": lead.assigned_to.username if lead.assigned_to else None,
            "referred_to": lead.referred_to.code if lead.referred_to else None,
            "referred_case": lead.referred_case,
            "closed_reason": lead.closed_reason,
            "trace_numbers": trace_numbers,
            "other_traces": (lead_trace_count(lead) if total is None else total) - len(trace_numbers),
            "people": people,
        }

    def one(self, number: str) -> Response:
        lead = lead_detail(user=cast(User, self.request.user), number=number)
        return Response(LeadSerializer(self.rows([lead])[0]).data)

    def act(self, number: str, form, action) -> Response:
        """Run `action(lead, data)` with the valid form's data; answer the lead as it is now."""
        lead = lead_detail(user=cast(User, self.request.user), number=number)
        if not form.is_valid():
            raise ValidationError({name: list(cast(Iterable[str], messages)) for name, messages in form.errors.items()})
        try:
            action(lead, form.cleaned_data)
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "status":
                return error_response(status=status.HTTP_409_CONFLICT, code="status", message=error.messages[0])
            raise ValidationError(as_serializer_error(error))
        return self.one(number)


class LeadListView(LeadView):
    @extend_schema(
        operation_id="leads_list",
        summary=_("List leads"),
        description=_(
            "The leads with at least one trace the account may read, strongest first; "
            "the filters of the leads page. Leads the data no longer supports only with inactive=true."
        ),
        parameters=LeadListFilter.parameters(),
        responses={200: LeadSerializer(many=True), **errors(400, 401, 403)},
        tags=["leads"],
    )
    def get(self, request):
        form = LeadListFilter(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors_by_parameter())
        leads = form.apply(lead_list(user=request.user).select_related("referred_to"), user=request.user)
        page = self.paginate_queryset(leads)
        return self.get_paginated_response(LeadSerializer(self.rows(page), many=True).data)


class LeadDetailView(LeadView):
    @extend_schema(
        operation_id="leads_retrieve",
        summary=_("Read a lead"),
        parameters=[NUMBER],
        responses={200: LeadSerializer, **errors(401, 403, 404)},
        tags=["leads"],
    )
    def get(self, request, number: str):
        return self.one(number)


class LeadAssignView(LeadView):
    @extend_schema(
        operation_id="leads_assign",
        summary=_("Assign a lead to an investigator of the account's agency"),
        parameters=[NUMBER],
        request={"application/json": AssignRequest},
        responses={200: LeadSerializer, **errors(400, 401, 403, 404)},
        tags=["leads"],
    )
    def post(self, request, number: str):
        form = AssignForm(request.data, actor=request.user)
        return self.act(number, form, lambda lead, data: lead_assign(actor=request.user, lead=lead, **data))


class LeadStatusView(LeadView):
    @extend_schema(
        operation_id="leads_status",
        summary=_("Take a new lead into review, or reopen a closed one"),
        parameters=[NUMBER],
        request={"application/json": StatusRequest},
        responses={200: LeadSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["leads"],
    )
    def post(self, request, number: str):
        def move(lead: Lead, data: dict) -> Lead:
            mover = lead_reopen if lead.status == Lead.Status.CLOSED else lead_review
            return mover(actor=request.user, lead=lead)

        return self.act(number, StatusForm(request.data), move)


class LeadReferView(LeadView):
    @extend_schema(
        operation_id="leads_refer",
        summary=_("Refer a lead under review to an agency, under its case reference"),
        parameters=[NUMBER],
        request={"application/json": ReferRequest},
        responses={200: LeadSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["leads"],
    )
    def post(self, request, number: str):
        return self.act(
            number, ReferForm(request.data), lambda lead, data: lead_refer(actor=request.user, lead=lead, **data)
        )


class LeadCloseView(LeadView):
    @extend_schema(
        operation_id="leads_close",
        summary=_("Close a lead, saying why"),
        parameters=[NUMBER],
        request={"application/json": CloseRequest},
        responses={200: LeadSerializer, **errors(400, 401, 403, 404, 409)},
        tags=["leads"],
    )
    def post(self, request, number: str):
        return self.act(
            number, CloseForm(request.data), lambda lead, data: lead_close(actor=request.user, lead=lead, **data)
        )


class LeadNotesView(LeadView):
    serializer_class = NoteSerializer
    pagination_class = None  # a lead's notes come whole

    @extend_schema(
        operation_id="leads_notes_list",
        summary=_("Read a lead's notes, oldest first"),
        parameters=[NUMBER],
        responses={200: NoteSerializer(many=True), **errors(401, 403, 404)},
        tags=["leads"],
    )
    def get(self, request, number: str):
        lead = lead_detail(user=request.user, number=number)
        notes = [
            {"author": note.author.username, "text": note.text, "created_at": note.created_at}
            for note in lead.notes.all()
        ]
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(
        operation_id="leads_notes_create",
        summary=_("Add a note to a lead"),
        parameters=[NUMBER],
        request={"application/json": NoteRequest},
        responses={201: NoteSerializer, **errors(400, 401, 403, 404)},
        tags=["leads"],
    )
    def post(self, request, number: str):
        lead = lead_detail(user=request.user, number=number)
        form = NoteForm(request.data)
        if not form.is_valid():
            raise ValidationError({name: list(cast(Iterable[str], messages)) for name, messages in form.errors.items()})
        try:
            note = lead_note_add(actor=request.user, lead=lead, text=form.cleaned_data["text"])
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error))
        data = {"author": request.user.username, "text": note.text, "created_at": note.created_at}
        return Response(NoteSerializer(data).data, status=status.HTTP_201_CREATED)
