"""What international requests cost the engine: resolving traced_foreign traces with and without them.

Makes N traces (20,000 by default) of a foreign maker that no US importer brings in, so that every
one ends `traced_foreign` and opens an international request: the worst case. Then, on the same
data, in the same run:

  1. the baseline: `engine.resolve(ids)` with the international hook switched off (no request opened,
     no answer read);
  2. `engine.resolve(ids)` with it, opening every request: `international_open_<n>`, in traces/s;
  3. `engine.resolve(ids)` again, every request already open: `international_again_<n>`;
  the faster of two baseline runs is the one printed.

    python bench/bench_international.py [--traces N]
"""

import argparse
from datetime import date

from harness import bench, log, setup_django, stopwatch, vacuum_analyze


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traces", type=int, default=20_000, help="traced_foreign traces (20,000)")
    args = parser.parse_args()
    setup_django()
    ids = load_world(args.traces)
    baseline = min(resolve_seconds(ids, hook=False, fresh=True) for _ in range(2))
    opening = resolve_seconds(ids, hook=True, fresh=True)
    again = resolve_seconds(ids, hook=True, fresh=False)
    label = f"{len(ids) // 1000}k"
    bench(f"international_open_{label}", len(ids) / opening, "traces/s", len(ids) / baseline)
    bench(f"international_again_{label}", len(ids) / again, "traces/s", len(ids) / baseline)


def load_world(count: int) -> list[int]:
    from traza.agencies.models import Agency
    from traza.catalog.models import Make
    from traza.catalog.services import catalog_load
    from traza.tracing.models import Trace

    catalog_load()
    make = Make.objects.create(name="Fábrica Militar de Armas Portátiles", country_id="AR")
    agency = Agency.objects.create(code="MXSIN0060", name="Policía de Culiacán", country_id="MX", level="municipal")
    Trace.objects.bulk_create(
        (
            Trace(
                agency=agency,
                request_ref=f"CLN-{number}",
                channel=Trace.Channel.FILE,
                recovery_date=date(2024, 2, 1),
                recovery_country="MX",
                serial_number=f"FM {number}",
                serial_key=f"FM{number}",
                manufacturer=make.name,
                make=make,
            )
            for number in range(count)
        ),
        batch_size=5000,
    )
    vacuum_analyze("tracing_trace")
    log(f"made {count:,} traces of a foreign maker with no importer")
    return list(Trace.objects.order_by("id").values_list("id", flat=True))


def resolve_seconds(ids: list[int], *, hook: bool, fresh: bool) -> float:
    from traza.international.models import InternationalRequest
    from traza.tracing import engine
    from traza.tracing.engine import evidence

    opener, reader = engine.international_requests_open, evidence.answers_for
    if fresh:
        InternationalRequest.objects.all().delete()
    if not hook:
        engine.international_requests_open, evidence.answers_for = (lambda **_: 0), (lambda _ids: {})
    try:
        with stopwatch() as watch:
            engine.resolve(ids)
    finally:
        engine.international_requests_open, evidence.answers_for = opener, reader
    log(f"resolved {len(ids):,} traces in {watch.seconds:.2f}s ({'with' if hook else 'without'} the hook)")
    return watch.seconds


if __name__ == "__main__":
    main()
