import gc
import os

from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "traza.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Build what requests read before the first one arrives, then leave it out of the collector's full passes.

    Every view module is imported now, while the worker boots: the first request after a start or a worker's
    restart would otherwise wait seconds for the imports (much longer on a busy machine). The catalog index
    (some 70,000 objects, rebuilt only when the catalog changes) is built now for the same reason.

    Then what the worker holds for its whole life is frozen (`gc.freeze`). Python's full collection walks every
    object it tracks: in a web worker that was a pause of about 100 ms every few dozen submissions, felt as the
    slowest requests under load. Frozen objects are still freed once nothing refers to them; only a cycle among
    them would never be collected, and these live as long as the worker.
    """
    from traza.catalog.lookup import CatalogIndex

    get_resolver().url_patterns  # noqa: B018
    try:
        CatalogIndex.load()
    except DatabaseError:  # not migrated yet, or the database is down: the first request that needs it builds it
        pass
    finally:
        connections.close_all()
    gc.collect()
    gc.freeze()


_warm()
