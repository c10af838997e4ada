from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "traza.stats"
    label = "stats"
