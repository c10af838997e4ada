import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
application = get_wsgi_application()

# Import every view module now, while the worker boots, rather than in its first request: the first request after
# a start or a worker's restart would otherwise wait seconds for the imports (much longer on a busy machine).
get_resolver().url_patterns  # noqa: B018
