"""The README's API example works on the demo as written: its commands, then its request, read from the README.

The example is the first ```sh block under "## API"; the test runs its `traza` lines as commands and sends its
`curl` request through the test client with the same headers and body, so a README edit that breaks the example
(an agency code the demo does not have, a renamed option, a field the API refuses) fails here.
"""

import io
import json
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from traza.demo.services import demo_load
from traza.demo.world import generate
from traza.tracing.models import Trace
from traza.tracing.selectors import trace_by_number

README = Path(__file__).resolve().parents[3] / "README.md"


def example() -> tuple[list[list[str]], dict[str, str], str]:
    """(the `traza` command lines, the request's headers, its body) of the README's API example."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## API\n", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    joined = block.replace("\\\n", " ")
    commands = [shlex.split(line, comments=True) for line in joined.splitlines() if line.startswith("traza ")]
    curl = shlex.split(joined[joined.index("curl ") :])
    headers, body = {}, ""
    for flag, value in zip(curl, curl[1:], strict=False):
        if flag == "-H":
            name, _sep, content = value.partition(":")
            headers[name.strip()] = content.strip()
        elif flag == "-d":
            body = value
    return commands, headers, body


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("readme")
    generate(size="small", seed=11, directory=directory)
    return directory


@pytest.mark.django_db(transaction=True)  # the API resolves the trace once its transaction commits
def test_the_readme_api_example_works_on_the_demo_as_written(catalog, world):
    demo_load(directory=world)
    commands, headers, body = example()
    assert [command[:3] for command in commands] == [["traza", "user", "create"], ["traza", "token", "create"]]
    out = io.StringIO()
    for command in commands:
        call_command(*command[1:], stdout=out)
    token = out.getvalue().strip().splitlines()[-1].strip()
    assert headers["Authorization"] == "Bearer $TOKEN"

    client = Client()
    send = {
        "content_type": headers["Content-Type"],
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "HTTP_IDEMPOTENCY_KEY": headers["Idempotency-Key"],
    }
    first = client.post("/api/v1/traces/", data=body, **send)
    assert first.status_code == 201, first.content
    trace = trace_by_number(Trace.objects.all(), first.json()["number"])
    assert trace.serial_number == json.loads(body)["serial_number"]
    assert trace.status != Trace.Status.SUBMITTED  # resolved in the request, as the README says

    again = client.post("/api/v1/traces/", data=body, **send)
    assert again.status_code in (200, 201)
    assert again.json()["number"] == trace.number
    assert Trace.objects.filter(serial_number=trace.serial_number, agency=trace.agency).count() == 1
