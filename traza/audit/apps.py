from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "traza.audit"
    label = "audit"

    def ready(self) -> None:
        from traza.audit import receivers  # noqa: F401 - connects the sign-in signals
