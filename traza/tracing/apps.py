from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "traza.tracing"
    label = "tracing"
