from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "traza.demo"
    label = "demo"
