"""/api/v1/personal-data/: a machine client of an investigator or analyst states a purpose to see a trace's
personal data; the answer holds it, and the audit log the purpose.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from traza.agencies.permissions import HasRole
from traza.agencies.roles import PERSONAL_DATA_READERS
from traza.agencies.services.personal_data import PURPOSE_MAX, personal_data_reveal
from traza.core.api import RequestLanguageMixin, error_responses
from traza.tracing.selectors import trace_by_number, traces_visible_to


class RevealRequestSerializer(serializers.Serializer):
    trace = serializers.CharField(max_length=20, help_text=_("The trace number, e.g. T202600000042"))
    purpose = serializers.CharField(
        max_length=PURPOSE_MAX,
        help_text=_("Why: your case or file number, or at least four words saying what the look is for"),
    )
    query = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "The licensee query the look serves (its id): an analyst needs it for a trace of another agency, "
            "and it must be an open or answered query of that trace that the analyst's tracing centre works"
        ),
    )


class PersonalDataSerializer(serializers.Serializer):
    trace = serializers.CharField()
    purpose = serializers.CharField()
    expires_at = serializers.DateTimeField(help_text=_("Until when the data may be read again without a purpose"))
    possessor = serializers.DictField(help_text=_("The possessor's names, birth date, address and identity number"))
    purchaser = serializers.DictField(allow_null=True, help_text=_("The first retail purchaser's, when known"))


class PersonalDataRevealView(RequestLanguageMixin, APIView):
    """Reveal one trace's personal data for a stated purpose (investigators and analysts only)."""

    permission_classes = [permissions.IsAuthenticated, HasRole(PERSONAL_DATA_READERS)]

    @extend_schema(
        operation_id="personal_data_reveal",
        summary=_("See a trace's personal data"),
        description=_(
            "Possessor and purchaser names, birth dates, addresses and identity numbers of one trace, for "
            "investigators and analysts who may read it. The purpose (and the query it serves) is recorded in the "
            "audit log."
        ),
        request=RevealRequestSerializer,
        responses={
            200: PersonalDataSerializer,
            **error_responses(400, 401, 403, 404, meanings={404: _("No such trace among those the account may see.")}),
        },
        tags=["personal data"],
    )
    def post(self, request):
        body = RevealRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        trace = trace_by_number(traces_visible_to(request.user), body.validated_data["trace"])
        try:
            grant = personal_data_reveal(
                actor=request.user,
                trace=trace,
                purpose=body.validated_data["purpose"],
                query_id=body.validated_data.get("query"),
            )
        except PermissionDenied:
            raise NotFound
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict)
        return Response(
            {
                "trace": trace.number,
                "purpose": grant.purpose,
                "expires_at": grant.expires_at,
                "possessor": grant.data["possessor"],
                "purchaser": grant.data["purchaser"],
            }
        )
