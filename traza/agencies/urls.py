"""Pages of the agencies app: signing in, one's password and authenticator, agency administration, coordination."""

from django.contrib.auth import views as auth_views
from django.urls import path

from traza.agencies.views import agency_admin, coordination, reveal, signin
from traza.agencies.views.language import set_language
from traza.agencies.views.password import SetPasswordView

urlpatterns = [
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/login/code/", signin.signin_code, name="login-code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", signin.two_factor_setup, name="two-factor-setup"),
    path("accounts/set-password/<uidb64>/<token>/", SetPasswordView.as_view(), name="set-password"),
    path("language/", set_language, name="set-language"),
    path("personal-data/reveal/", reveal.personal_data_reveal_view, name="personal-data-reveal"),
    path("agency/", agency_admin.agency_page, name="agency-admin"),
    path("agency/invite/", agency_admin.agency_invite, name="agency-invite"),
    path("agency/users/<int:pk>/role/", agency_admin.agency_user_role, name="agency-user-role"),
    path("agency/users/<int:pk>/<slug:action>/", agency_admin.agency_user_action, name="agency-user-action"),
    path("agency/sharing/<int:pk>/<slug:action>/", agency_admin.agency_sharing, name="agency-sharing"),
    path("coordination/", coordination.coordination_page, name="coordination"),
    path("coordination/applications/", coordination.coordination_application, name="coordination-application"),
    path("coordination/policy/", coordination.coordination_policy, name="coordination-policy"),
    path("coordination/agreements/", coordination.coordination_agreement, name="coordination-agreement"),
    path(
        "coordination/agencies/<int:pk>/designate/",
        coordination.coordination_designate,
        name="coordination-designate",
    ),
    path("coordination/agencies/<int:pk>/invite/", coordination.coordination_invite, name="coordination-invite"),
    path(
        "coordination/agencies/<int:pk>/tracing-centre/",
        coordination.coordination_tracing_centre,
        name="coordination-tracing-centre",
    ),
    path(
        "coordination/agencies/<int:pk>/<slug:decision>/", coordination.coordination_decide, name="coordination-decide"
    ),
]
