"""One trace over the API, submit to final result, with the licensees' electronic records in Traza.

Loads the catalog, the FFL list, an A&D book (200k rows by default) with its purchase records,
and the agencies; makes an officer and a bearer token; starts `traza serve` on 127.0.0.1 and
POSTs traces to /api/v1/traces/ one after the other (a few warm-up requests first, not counted).
Each is timed from the request to its final status, read from the POST's answer or, when that
is not final yet, by polling the trace's detail. The figure is the median over `--submissions`.

The baseline is measured in the same run: the same requests, POSTed one after the other in the same way to a
minimal endpoint that inserts one row (`load_baseline.py`: Traza's settings, the same gunicorn, one worker),
once before and once after Traza's run; the faster median is the one printed. It is what the web stack and one
insert cost before Traza does any work of its own. Lower is better here: the ratio is figure/baseline. (For
scale, not as a baseline: ATF's routine traces take 5 to 14 days.)

When the traces API does not exist (yet), the same submissions go through the service
(`TraceRequestReader` + `trace_submit`) in-process, and the line says `mode=in-process`.

    python bench/bench_api.py [--rows N] [--submissions N]
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from harness import bench, log, scratch_dir, setup_django, stopwatch, vacuum_analyze
from world import Market, trace_rows, write_agencies, write_licensees

HERE = Path(__file__).resolve().parent
WARM_UP = 3
OFFICER = "bench-officer"
POLL_SECONDS = 0.02
FINAL_WAIT_SECONDS = 30.0
SERVER_START_SECONDS = 60.0
COLUMNS = (
    "request_ref,agency_code,officer_name,agency_case_number,priority,recovery_date,recovery_country,recovery_state,"
    "serial_number,serial_obliterated,manufacturer,model,caliber,firearm_type,possessor_last_name,possessor_first_name"
).split(",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000, help="A&D rows in Traza (200,000)")
    parser.add_argument("--submissions", type=int, default=50, help="traces timed (50)")
    args = parser.parse_args()
    setup_django()
    with scratch_dir() as folder:
        requests = load_world(folder, args.rows, args.submissions + WARM_UP)
    user = make_officer()
    vacuum_analyze()  # autovacuum would otherwise take to the freshly loaded tables while a figure is measured
    first = minimal_endpoint(requests, "before")
    if api_exists():
        mode, seconds = "http", over_http(user, requests)
    else:
        log("the traces API (/api/v1/traces/) does not exist: timing the service call in-process instead")
        mode, seconds = "in-process", in_process(user, requests)
    median = summary(f"traces ({mode})", seconds)
    baseline = min(first, minimal_endpoint(requests, "after"))
    bench("api_trace_submit_to_final_median", median, "s", baseline, note=f"mode={mode}")


def summary(what: str, seconds: list[float]) -> float:
    """Log the timings after the warm-up ones; return their median."""
    timed = seconds[WARM_UP:]
    quantiles = statistics.quantiles(timed, n=10)
    log(
        f"{len(timed)} {what}: median {statistics.median(timed) * 1000:.1f} ms, "
        f"p90 {quantiles[-1] * 1000:.1f} ms, min {min(timed) * 1000:.1f} ms, max {max(timed) * 1000:.1f} ms"
    )
    return statistics.median(timed)


def minimal_endpoint(requests: list[dict], label: str) -> float:
    """The baseline: the median time of the same POSTs to an endpoint that inserts one row."""
    from load_baseline import create_table

    create_table()
    port = free_port()
    server = start_baseline_server(port, workers=1)
    try:
        seconds = []
        for request in requests:
            started = time.perf_counter()
            code, body = call(port, "", "POST", "/bench/rows/", request)
            if code != 201:
                raise SystemExit(f"POST /bench/rows/ answered {code}: {body}")
            seconds.append(time.perf_counter() - started)
    finally:
        stop_server(server)
    return summary(f"POSTs to the minimal endpoint ({label})", seconds)


def load_world(folder: Path, rows: int, count: int) -> list[dict]:
    """The records, and `count` trace requests of guns sold at retail whose whole chain is on file."""
    from traza.catalog.services import catalog_load
    from traza.imports.services import import_file

    catalog_load()
    market = Market(rows, trace_guns=count * 10)
    market.write(folder / "dispositions.csv", folder / "purchases.csv")
    write_licensees(folder / "licensees.csv", market.licensees)
    agencies = write_agencies(folder / "agencies.csv")
    for kind in ("agencies", "licensees", "dispositions", "purchases"):
        with stopwatch() as watch:
            run = import_file(kind=kind, path=folder / f"{kind}.csv")
        assert run.status == "accepted" and run.rows_rejected == 0, (kind, run.rows_rejected)
        log(f"imported {kind}: {run.rows_read:,} rows in {watch.seconds:.1f}s")
    sold = [gun for gun in market.guns if gun.sold is not None]
    rows = trace_rows(sold, count * 2, 17, agencies[:1], prefix="API")
    requests = [dict(zip(COLUMNS, row, strict=True)) for row in rows if row[9] == "N"][:count]
    assert len(requests) == count, f"only {len(requests)} requests"
    return requests


def make_officer():
    """An officer of Culiacán's police: `traza user create`, or the ORM where that command does not exist."""
    from traza.agencies.models import Agency, User

    if has_command("user"):
        traza("user", "create", "--username", OFFICER, "--agency", "MXSIN0060", "--role", "officer")
        return User.objects.get(username=OFFICER)
    agency = Agency.objects.get(code="MXSIN0060")
    return User.objects.create_user(username=OFFICER, password=secrets.token_urlsafe(), agency=agency, role="officer")


def has_command(name: str) -> bool:
    from django.core.management import get_commands

    return name in get_commands()


def traza(*arguments: str) -> str:
    """Run a `traza` command as an operator would; return its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "traza", *arguments], capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode:
        raise SystemExit(f"traza {' '.join(arguments)} failed: {done.stderr.strip()}")
    return done.stdout


def api_exists() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/traces/")
    except Resolver404:
        return False
    return True


def make_token(user) -> str:
    """A bearer token for `user`: `traza token create` (the token is its last line), else made as it makes one."""
    if has_command("token"):
        return traza("token", "create", "--username", user.username, "--days", "1", "--name", "bench").split()[-1]
    from django.utils import timezone

    from traza.agencies.models import ApiToken
    from traza.core.auth import hash_token

    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[:8], name="bench", expires_at=timezone.now() + timedelta(days=1)
    )
    return raw


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "traza", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    return serve(command, {**os.environ, "TRAZA_EMBEDDED_WORKER": "false"}, port)


def serve(command: list[str], environment: dict, port: int) -> subprocess.Popen:
    """Start a server in its own session and wait until it listens on `port`."""
    server = subprocess.Popen(command, env=environment, stdout=sys.stderr, stderr=sys.stderr, start_new_session=True)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{' '.join(command[2:4])} exited with status {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"{' '.join(command[2:4])} did not start listening in time")


def start_baseline_server(port: int, *, workers: int) -> subprocess.Popen:
    """`load_baseline.py` under gunicorn: Traza's settings with one endpoint that inserts one row."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "load_baseline",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")])),
    }
    command = [sys.executable, "-m", "gunicorn", "traza.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    return serve(command + ["--workers", str(workers), *no_control_socket()], environment, port)


def no_control_socket() -> list[str]:
    """Gunicorn 25.1+ has one control socket path per user, shared by every instance: none for these."""
    from gunicorn import version_info

    return ["--no-control-socket"] if version_info >= (25, 1) else []


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=20)


def over_http(user, requests: list[dict]) -> list[float]:
    from traza.tracing.models import Trace

    final = {str(status) for status in Trace.FINAL}
    token = make_token(user)
    port = free_port()
    server = start_server(port)
    log(f"traza serve listening on 127.0.0.1:{port}")
    try:
        seconds = []
        for index, request in enumerate(requests):
            started = time.perf_counter()
            code, body = call(port, token, "POST", "/api/v1/traces/", request)
            if code not in (200, 201):
                raise SystemExit(f"POST /api/v1/traces/ answered {code}: {body}")
            polls = 0
            deadline = time.monotonic() + FINAL_WAIT_SECONDS
            while body.get("status") not in final and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                code, body = call(port, token, "GET", f"/api/v1/traces/{body['number']}/")
                polls += 1
            if body.get("status") not in final:
                raise SystemExit(f"trace {body.get('number')} not final after {FINAL_WAIT_SECONDS:.0f}s")
            seconds.append(time.perf_counter() - started)
            if index < WARM_UP or polls:
                log(f"  {body['number']}: {body['status']} in {seconds[-1] * 1000:.0f} ms ({polls} polls)")
        return seconds
    finally:
        stop_server(server)


def call(port: int, token: str, method: str, path: str, payload: dict | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=FINAL_WAIT_SECONDS)
    try:
        headers = {"Accept": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
        body = None
        if payload is not None:
            body = json.dumps(payload)
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read()
        return response.status, json.loads(text) if text else {}
    finally:
        connection.close()


def in_process(user, requests: list[dict]) -> list[float]:
    from django.utils import timezone

    from traza.catalog.lookup import CatalogIndex
    from traza.tracing.models import Trace
    from traza.tracing.services import trace_submit
    from traza.tracing.validation import TraceRequestReader

    seconds = []
    for request in requests:
        started = time.perf_counter()
        reader = TraceRequestReader(
            catalog=CatalogIndex.load(), agencies={user.agency.code: user.agency_id}, today=timezone.localdate()
        )
        data = reader.read(1, request)
        assert not isinstance(data, list), [str(error.message) for error in data]
        trace = trace_submit(actor=user, agency=user.agency, data=data, channel=Trace.Channel.API)
        trace.refresh_from_db()
        assert trace.status in Trace.FINAL, trace.status
        seconds.append(time.perf_counter() - started)
    return seconds


if __name__ == "__main__":
    sys.exit(main())
