from django.urls import path

from traza.intel.views import suspects

urlpatterns = [
    path("", suspects.suspects, name="intel-suspects"),
    path("<int:pk>/withdraw/", suspects.withdraw, name="intel-suspect-withdraw"),
]
