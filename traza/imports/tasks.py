"""Background work on files sent through Traza (run by `traza worker`)."""

from django_tasks import task

from traza.imports import services
from traza.imports.models import ImportRun
from traza.imports.pipeline.bounds import memory_bounded


@task()
def import_upload(*, run_id: int, stored: str, dayfirst: bool | None) -> str:
    """Import an uploaded file, under the memory limit of an import; return the run's final status."""
    run = ImportRun.objects.select_related("agency").get(pk=run_id)
    with memory_bounded():
        return services.upload_import(run=run, stored=stored, dayfirst=dayfirst).status
