from django.urls import path

from traza.intel.api.suspects import SuspectListView, SuspectWithdrawView

urlpatterns = [
    path("", SuspectListView.as_view(), name="api-suspects"),
    path("<int:pk>/withdraw/", SuspectWithdrawView.as_view(), name="api-suspect-withdraw"),
]
