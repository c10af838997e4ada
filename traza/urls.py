from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

from traza.core import views as core_views
from traza.core.schema import SchemaView
from traza.core.security import content_security_policy
from traza.stats import views_public as stats_public

docs_policy = content_security_policy(settings.TRAZA_DOCS_CONTENT_SECURITY_POLICY)

urlpatterns = [
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("", include("traza.tracing.urls")),
    path("", include("traza.agencies.urls")),
    path("uploads/", include("traza.imports.urls")),
    path("queries/", include("traza.industry.urls")),
    path("catalog/", include("traza.catalog.urls")),
    path("audit/", include("traza.audit.urls")),
    path("international/", include("traza.international.urls")),
    path("stats/", include("traza.stats.urls")),
    path("intel/", include("traza.intel.urls")),
    path("notifications/", include("traza.notifications.urls")),
    path("public/stats/", stats_public.public_page, name="stats-public"),
    path("public/stats/<slug:key>.csv", stats_public.public_csv, name="stats-public-csv"),
    path("api/v1/", include("traza.tracing.api.urls")),
    path("api/v1/", include("traza.imports.api.urls")),
    path("api/v1/", include("traza.catalog.api.urls")),
    path("api/v1/", include("traza.agencies.api.urls")),
    path("api/v1/queries/", include("traza.industry.api.urls")),
    path("api/v1/international/", include("traza.international.api.urls")),
    path("api/v1/stats/", include("traza.stats.api.urls")),
    path("api/v1/", include("traza.intel.api.urls")),
    path("api/v1/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/v1/docs/", docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/v1/redoc/", docs_policy(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
]
