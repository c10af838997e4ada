from django.apps import AppConfig


class IndustryConfig(AppConfig):
    name = "traza.industry"
    label = "industry"
