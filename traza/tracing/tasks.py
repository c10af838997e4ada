"""Background work on traces (run by `traza worker`)."""

from django_tasks import task

from traza.tracing import services


@task()
def resolve_traces(trace_ids: list[int]) -> int:
    return services.traces_resolve(trace_ids)


@task()
def resolve_pending() -> int:
    return services.traces_resolve_pending()
