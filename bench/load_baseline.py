"""The load test's baseline: Traza's own settings and server, with one minimal endpoint that inserts one row.

`bench/load.py` serves this module as the settings (DJANGO_SETTINGS_MODULE=load_baseline, bench/ on the path)
with the same gunicorn, the same 4 web workers and the same database as Traza: what it measures is what the
stack costs before Traza does any work of its own. `POST /bench/rows/` inserts one row and answers 201 with its
id, `GET /bench/rows/<id>/` reads it, `GET /bench/rows/` lists the last 20.
"""

import json

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from traza.settings import *  # noqa: F403 - the same settings as Traza's, but for the URLs

ROOT_URLCONF = "load_baseline"
TABLE = "bench_load_rows"


def create_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigserial PRIMARY KEY, ref text, at timestamptz)")


@csrf_exempt
def rows(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        if request.method == "POST":
            ref = json.loads(request.body or b"{}").get("ref", "")
            cursor.execute(f"INSERT INTO {TABLE} (ref, at) VALUES (%s, now()) RETURNING id", [ref])  # noqa: S608
            return JsonResponse({"id": cursor.fetchone()[0]}, status=201)
        cursor.execute(f"SELECT id, ref FROM {TABLE} ORDER BY id DESC LIMIT 20")  # noqa: S608
        return JsonResponse({"results": [{"id": i, "ref": r} for i, r in cursor.fetchall()]})


def row(request: HttpRequest, pk: int) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, ref FROM {TABLE} WHERE id = %s", [pk])  # noqa: S608
        found = cursor.fetchone()
    return JsonResponse({"id": found[0], "ref": found[1]} if found else {}, status=200 if found else 404)


urlpatterns = [path("bench/rows/", rows), path("bench/rows/<int:pk>/", row)]
