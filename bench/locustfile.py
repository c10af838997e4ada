"""The users `bench/load.py` sends at a server: officers who submit traces, wait for them, and list them.

Run by `bench/load.py` (not by hand), which sets:
  LOAD_MODE      `traza` (the API) or `baseline` (the minimal endpoint of `load_baseline.py`, same pattern);
  LOAD_TOKENS    a file with one bearer token per line (one officer each);
  LOAD_REQUESTS  a JSON file: the trace requests to submit, in order (each is submitted once);
  LOAD_ACCEPTED  a file each user appends "<number> <status>" to when the API accepts its trace (201);
  LOAD_RESULTS   the same, when a trace it submitted is final (or waits on a licensee).

Each user thinks 1 to 2 s between actions, as a person or an agency's system pacing its calls does. Two thirds of
its actions submit a trace and poll it (every 0.25 s) until it is final; one third list the agency's traces.
Under `baseline` the same actions are an insert of one row, reads of that row and a list of the last rows.
"""

import itertools
import json
import os
import threading
import time
import uuid

from locust import HttpUser, between, task

MODE = os.environ.get("LOAD_MODE", "traza")
FINAL = {"completed_purchaser", "completed_dealer", "traced_foreign", "not_traced", "duplicate", "cancelled"}
WAITING = {"in_progress"}  # waits on a licensee: final for this test's purpose (nothing more happens without one)
POLL_SECONDS = 0.25
FINAL_WAIT_SECONDS = 60


def _lines(name: str) -> list[str]:
    path = os.environ.get(name)
    if not path:
        return []
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


TOKENS = _lines("LOAD_TOKENS")
REQUESTS = json.load(open(os.environ["LOAD_REQUESTS"], encoding="utf-8")) if os.environ.get("LOAD_REQUESTS") else []
_next_token = itertools.count()
_next_request = itertools.count()
_results_lock = threading.Lock()


class Officer(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        token = TOKENS[next(_next_token) % len(TOKENS)] if TOKENS else "baseline"
        self.client.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    @task(2)
    def submit_and_wait(self):
        if MODE == "baseline":
            self._insert_and_read()
            return
        index = next(_next_request)
        if index >= len(REQUESTS):
            self.list_traces()
            return
        body = REQUESTS[index]
        key = f"load-{body['request_ref']}"
        with self.client.post(
            "/api/v1/traces/", json=body, headers={"Idempotency-Key": key}, name="submit", catch_response=True
        ) as response:
            if response.status_code != 201:
                response.failure(f"submit answered {response.status_code}")
                return
            trace = response.json()
        _record("LOAD_ACCEPTED", trace)
        deadline = time.monotonic() + FINAL_WAIT_SECONDS
        while trace["status"] not in FINAL | WAITING and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            with self.client.get(f"/api/v1/traces/{trace['number']}/", name="poll", catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"poll answered {response.status_code}")
                    return
                trace = response.json()
        _record("LOAD_RESULTS", trace)

    @task(1)
    def list_traces(self):
        if MODE == "baseline":
            self.client.get("/bench/rows/", name="list")
        else:
            self.client.get("/api/v1/traces/?page_size=20", name="list")

    def _insert_and_read(self):
        with self.client.post("/bench/rows/", json={"ref": uuid.uuid4().hex}, name="submit", catch_response=True) as r:
            if r.status_code != 201:
                r.failure(f"insert answered {r.status_code}")
                return
            row = r.json()
        self.client.get(f"/bench/rows/{row['id']}/", name="poll")


def _record(variable: str, trace: dict) -> None:
    """Append the trace's number and status to the file named by `variable`."""
    path = os.environ.get(variable)
    if not path:
        return
    with _results_lock, open(path, "a", encoding="utf-8") as handle:
        handle.write(f"{trace['number']} {trace['status']}\n")
