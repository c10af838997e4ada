from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "traza.agencies"
    label = "agencies"

    def ready(self) -> None:
        from django.contrib import admin

        from traza.agencies.views.signin import admin_login

        # The admin site signs in through Traza's own page (lock-out, one-time code), never its own form.
        admin.site.login = admin_login
