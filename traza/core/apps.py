from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "traza.core"
    label = "core"

    def ready(self) -> None:
        from traza.core import lookups  # noqa: F401 - registers field__any
