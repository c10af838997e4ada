"""Traza under load: 50 officers submitting, polling and listing traces, against the same load on a minimal endpoint.

`make load` runs this on a throw-away PostgreSQL (through bench/run). It loads the catalog, the FFL list, an A&D
book (200k rows by default) with its purchase records and the agencies; makes one officer and one bearer token per
simulated user; vacuums and analyzes every table (so that autovacuum does not start on them in the middle of a
run); then, in this order:

  1. the baseline: `load_baseline.py` (Traza's settings, one endpoint that inserts one row) under gunicorn with
     the same 4 web workers, driven by locust with the same users, pacing and mix (`locustfile.py`);
  2. Traza: `traza serve --workers 4` and 2 `traza worker` processes, the same locust users submitting real
     trace requests (each once, with an Idempotency-Key), polling each until it is final (or waits on a licensee),
     and listing traces;
  3. the baseline again; the better of the two baseline runs is the one printed.

Then it waits for the workers to finish and checks that every trace the API accepted reached a final status
once and only once (one trace per accepted request, none left `submitted`, each user saw it final once) and that
the audit chain verifies. Figures: submissions/s (higher is better), p50/p95/p99 latency over every request
(lower is better), errors (target 0). The users think 1 to 2 s between actions, so the offered load is the same in
both runs; a server that keeps up serves it at the baseline's rate.

    python bench/load.py [--users 50] [--seconds 60] [--rows 200000]
"""

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench_api import free_port, load_world, serve, start_baseline_server, stop_server
from harness import bench, log, scratch_dir, setup_django, vacuum_analyze

HERE = Path(__file__).resolve().parent
WEB_WORKERS = 4
TASK_WORKERS = 2
DRAIN_SECONDS = 300
AGENCY = "MXSIN0060"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--seconds", type=int, default=60, help="length of each run (60)")
    parser.add_argument("--rows", type=int, default=200_000, help="A&D rows in Traza (200,000)")
    args = parser.parse_args()
    setup_django()
    with scratch_dir() as folder:
        # More requests than the users can submit in the run: each is submitted once.
        requests = load_world(folder, args.rows, args.users * args.seconds)
        tokens = make_officers(args.users)
        (folder / "tokens.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
        (folder / "requests.json").write_text(json.dumps(requests), encoding="utf-8")

        create_baseline_table()
        vacuum_analyze()  # autovacuum would otherwise take to the freshly loaded tables during one of the runs
        first = run_baseline(folder, args, "first")
        traza = run_traza(folder, args)
        second = run_baseline(folder, args, "second")
    baseline = max((first, second), key=lambda stats: stats["submit_rate"])
    report(traza, baseline)


def make_officers(count: int) -> list[str]:
    """`count` officers of one agency, each with a bearer token of a day."""
    from traza.agencies.models import Agency, User
    from traza.agencies.services import token_create

    agency = Agency.objects.get(code=AGENCY)
    tokens = []
    for index in range(count):
        user = User.objects.create_user(username=f"load-officer-{index:03d}", agency=agency, role="officer")
        _token, raw = token_create(user=user, days=1, name="load")
        tokens.append(raw)
    return tokens


def create_baseline_table() -> None:
    sys.path.insert(0, str(HERE))
    from load_baseline import create_table

    create_table()


def run_baseline(folder: Path, args, label: str) -> dict:
    port = free_port()
    server = start_baseline_server(port, workers=WEB_WORKERS)
    try:
        warm_up(port, "/bench/rows/")
        stats = locust(folder, args, port, mode="baseline", label=f"baseline-{label}")
    finally:
        stop_server(server)
    log(f"baseline ({label}): {_summary(stats)}")
    return stats


def run_traza(folder: Path, args) -> dict:
    from traza.tracing.models import Trace

    before = Trace.objects.count()
    port = free_port()
    command = [sys.executable, "-m", "traza", "serve", "--port", str(port), "--workers", str(WEB_WORKERS)]
    server = serve(command, {**os.environ, "TRAZA_EMBEDDED_WORKER": "false"}, port)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "traza", "worker"], stdout=sys.stderr, stderr=sys.stderr, start_new_session=True
        )
        for _ in range(TASK_WORKERS)
    ]
    results = folder / "results.txt"
    try:
        warm_up(port, "/api/v1/traces/?page_size=1", (folder / "tokens.txt").read_text().split()[0])
        stats = locust(folder, args, port, mode="traza", label="traza", results=results)
        drained = drain()
    finally:
        stop_server(server)
        for worker in workers:
            stop_server(worker)
    log(f"traza: {_summary(stats)}")
    stats.update(check_exactly_once(before, results, stats, drained))
    return stats


def warm_up(port: int, path: str, token: str = "") -> None:
    """Call `path` until it answers fast 2 × WEB_WORKERS times in a row (every worker has booted), or 3 minutes."""
    import http.client

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    fast, deadline = 0, time.monotonic() + 180
    while fast < 2 * WEB_WORKERS and time.monotonic() < deadline:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.request("GET", path, headers=headers)
        connection.getresponse().read()
        connection.close()
        fast = fast + 1 if time.monotonic() - started < 0.5 else 0
    log(f"warmed up {path} in {180 - (deadline - time.monotonic()):.0f}s")


def locust(folder: Path, args, port: int, *, mode: str, label: str, results: Path | None = None) -> dict:
    """Run locust headless for `args.seconds` and read its statistics per request name."""
    prefix = folder / label
    environment = {
        **os.environ,
        "LOAD_MODE": mode,
        "LOAD_TOKENS": str(folder / "tokens.txt"),
        "LOAD_REQUESTS": str(folder / "requests.json"),
        "LOAD_RESULTS": str(results or ""),
        "LOAD_ACCEPTED": str(results.with_name("accepted.txt") if results else ""),
    }
    command = [
        *(sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless"),
        *("--users", str(args.users), "--spawn-rate", str(max(1, args.users // 5))),
        *("--run-time", f"{args.seconds}s", "--stop-timeout", "70", "--host", f"http://127.0.0.1:{port}"),
        *("--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"),
    ]
    before, children = cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, env=environment, stdout=sys.stderr, stderr=sys.stderr, check=False, timeout=args.seconds + 300
    )
    used = cpu_used(before, cpu_seconds())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used["locust"] += after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    shares = ", ".join(f"{role} {seconds:.0f}" for role, seconds in used.most_common())
    log(f"{label}: CPU seconds used during the run (of {args.seconds * os.cpu_count():.0f} the machine has): {shares}")
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8"))}
    for name, row in rows.items():
        log(
            f"{label}: {name}: {int(row['Request Count']):,} requests, {row['Failure Count']} failed, "
            f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms, "
            f"slowest {float(row['Max Response Time']):.0f} ms"
        )
    total = rows["Aggregated"]
    submit = rows.get("submit", {"Request Count": "0", "Failure Count": "0"})
    return {
        "submit_rate": int(submit["Request Count"]) / args.seconds,
        "submitted": int(submit["Request Count"]) - int(submit["Failure Count"]),
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "p99": float(total["99%"]),
    }


def cpu_seconds() -> dict[int, tuple[str, float]]:
    """Each process alive now: what it is and the CPU seconds it has used so far."""
    import psutil

    used = {}
    for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        info = process.info
        if info["cpu_times"] is not None:
            role = _role(info["name"] or "", " ".join(info["cmdline"] or []))
            used[process.pid] = (role, info["cpu_times"].user + info["cpu_times"].system)
    return used


def cpu_used(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> Counter:
    """CPU seconds used between the two readings by what each process is: the processes alive at the end, each
    from its first reading or its start (a process that ended in between is not counted)."""
    used: Counter = Counter()
    for pid, (role, seconds) in after.items():
        first = before.get(pid)
        used[role] += seconds - (first[1] if first is not None and first[0] == role else 0.0)
    return used


def _role(name: str, command: str) -> str:
    if "traza worker" in command:
        return "task workers"
    if "traza serve" in command or "gunicorn" in command:
        return "web workers"
    if name.startswith("postgres"):
        return "PostgreSQL"
    return "locust" if "locust" in command else "other"


def drain() -> bool:
    """Wait until no trace is still `submitted` (the workers finished every one the run submitted)."""
    from traza.tracing.models import Trace

    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        if not Trace.objects.filter(status=Trace.Status.SUBMITTED).exists():
            return True
        time.sleep(1)
    return False


def check_exactly_once(before: int, results: Path, stats: dict, drained: bool) -> dict:
    """One trace per accepted submission, none left `submitted`, each seen final by its user once; audit intact."""
    from traza.audit.selectors import audit_chain_report
    from traza.tracing.models import Trace

    created = Trace.objects.count() - before
    seen = _numbers(results)
    accepted = _numbers(results.with_name("accepted.txt"))
    stats["submitted"] = sum(accepted.values())
    stuck = Trace.objects.filter(status=Trace.Status.SUBMITTED).count()
    twice = sum(1 for count in seen.values() if count > 1)
    audit = "verified" if audit_chain_report().intact else "BROKEN"
    log(
        f"traces created {created:,} for {stats['submitted']:,} accepted submissions; final seen by users "
        f"{len(seen):,}, twice {twice}; left submitted {stuck} (drained: {drained}); audit chain {audit}"
    )
    unseen = len(set(accepted) - set(seen))
    return {"created": created, "stuck": stuck, "twice": twice, "audit": audit, "unseen": unseen}


def _numbers(path: Path) -> Counter:
    """How many times each trace number is written in `path` (a file the locust users append to)."""
    if not path.exists():
        return Counter()
    return Counter(line.split()[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def report(traza: dict, baseline: dict) -> None:
    once = (
        traza["created"] == traza["submitted"]
        and not traza["stuck"]
        and not traza["twice"]
        and not traza["unseen"]
        and traza["audit"] == "verified"
    )
    bench("load_submissions_per_s", traza["submit_rate"], "1/s", baseline["submit_rate"])
    for quantile in ("p50", "p95", "p99"):
        bench(f"load_latency_{quantile}", traza[quantile], "ms", baseline[quantile])
    bench("load_errors", traza["errors"], "requests", max(baseline["errors"], 0), note=f"of {traza['requests']:,}")
    bench(
        "load_final_exactly_once",
        1.0 if once else 0.0,
        "bool",
        1.0,
        note=f"created={traza['created']} accepted={traza['submitted']} stuck={traza['stuck']} "
        f"twice={traza['twice']} unseen={traza['unseen']} audit={traza['audit']}",
    )


def _summary(stats: dict) -> str:
    return (
        f"{stats['submit_rate']:.1f} submissions/s, {stats['requests']:,} requests, {stats['errors']} errors, "
        f"p50 {stats['p50']:.0f} ms, p95 {stats['p95']:.0f} ms, p99 {stats['p99']:.0f} ms"
    )


if __name__ == "__main__":
    main()
