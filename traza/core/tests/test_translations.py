"""The Spanish catalogue is complete, current and compiled: `make messages` leaves nothing to do.

The messages are extracted afresh from a copy of the package (so the working tree is never
touched) and compared with the committed catalogue.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import traza

PACKAGE = Path(traza.__file__).parent
CATALOGUE = PACKAGE / "locale" / "es" / "LC_MESSAGES"
DOMAINS = [path.stem for path in sorted(CATALOGUE.glob("*.po"))]
_ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')
_MORE = re.compile(r'^"(.*)"$')


def parse_po(path: Path) -> dict[tuple[str, str], dict]:
    """(context, msgid) → {'msgstr': [...], 'fuzzy': bool}; entries are the blank-line separated blocks."""
    entries: dict[tuple[str, str], dict] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        field = None
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#~"):
                break
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := _ENTRY.match(line):
                field = match.group(1)
                fields[field] = match.group(2)
            elif (more := _MORE.match(line)) and field:
                fields[field] += more.group(1)
        if fields.get("msgid"):
            strings = [value for name, value in fields.items() if name.startswith("msgstr")]
            entries[(fields.get("msgctxt", ""), fields["msgid"])] = {"msgstr": strings, "fuzzy": fuzzy}
    return entries


def extract(tmp_path: Path) -> Path:
    copy = tmp_path / "src" / "traza"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("data", "__pycache__", "vendor", "*.mo", "tests"))
    environment = {
        "PYTHONPATH": str(copy.parent),
        "TRAZA_TESTING": "true",
        "TRAZA_ENV_FILE": "/dev/null",
        "DEBUG": "true",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "traza",
                "makemessages",
                "-l",
                "es",
                "-d",
                domain,
                "--no-obsolete",
                "-v0",
                *(["-e", "py,html"] if domain == "django" else []),
            ],
            cwd=copy.parent,
            env=environment,
            check=True,
        )
    return copy / "locale" / "es" / "LC_MESSAGES"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (make test installs it)")
def test_every_message_is_in_the_spanish_catalogue_and_none_is_stale(tmp_path):
    assert DOMAINS, "traza/locale/es/LC_MESSAGES has no catalogue"
    fresh = extract(tmp_path)
    for domain in DOMAINS:
        committed = set(parse_po(CATALOGUE / f"{domain}.po"))
        extracted = set(parse_po(fresh / f"{domain}.po"))
        missing = sorted(m for _c, m in extracted - committed)
        stale = sorted(m for _c, m in committed - extracted)
        assert not missing, f"{len(missing)} messages missing from {domain}.po (run make messages): {missing[:10]}"
        assert not stale, f"{len(stale)} stale messages in {domain}.po (run make messages): {stale[:10]}"


def test_every_spanish_message_is_translated_and_reviewed():
    for domain in DOMAINS:
        for (_context, msgid), entry in parse_po(CATALOGUE / f"{domain}.po").items():
            assert not entry["fuzzy"], f"fuzzy (unreviewed) translation in {domain}.po: {msgid!r}"
            assert all(entry["msgstr"]), f"untranslated in {domain}.po: {msgid!r}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext (make test installs it)")
def test_the_compiled_catalogue_matches_the_source(tmp_path):
    for domain in DOMAINS:
        compiled = tmp_path / f"{domain}.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(CATALOGUE / f"{domain}.po")], check=True)
        assert compiled.read_bytes() == (CATALOGUE / f"{domain}.mo").read_bytes(), f"run make messages: {domain}.mo"
