"""Counting a CSV file's rows, here or in a process of its own while an import reads the file's first chunks.

Only the standard library, so that the counting process starts in a few hundredths of a second: it is this file
run as a script. It prints the count, or exits with 1 when the file is broken (a quote never closed, bytes that
are not text in the encoding); the caller then reads the file itself to refuse it at the line where it breaks.
"""

import csv
import subprocess
import sys

#: The longest cell a file may hold, in characters (the reader refuses a longer one).
MAX_FIELD = 64 * 1024
BUFFER = 1 << 20


def count_rows(path: str, encoding: str) -> int:
    """The rows after the header (the first row with a cell that is not blank) that hold a cell, counted without
    making them. Raises csv.Error or UnicodeDecodeError on a broken file."""
    with open(path, encoding=encoding, newline="", buffering=BUFFER) as text:
        reader = csv.reader(text, strict=True)
        for cells in reader:
            if any(c.strip() for c in cells):
                break
        return sum(map(any, reader))


class Counting:
    """`count_rows` under way in another process. Its files' names are no personal data, nor is a count; what the
    process might say on a failure is not kept."""

    def __init__(self, path: str, encoding: str):
        # -P: the folder of this file (which holds modules named as the standard library's) is not put on the path
        self.process = subprocess.Popen(
            [sys.executable, "-P", __file__, path, encoding],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def result(self) -> int | None:
        """The count, once the process has ended; None if it found the file broken or could not count it."""
        output, _errors = self.process.communicate()
        return int(output) if self.process.returncode == 0 else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


if __name__ == "__main__":
    csv.field_size_limit(MAX_FIELD)
    try:
        print(count_rows(sys.argv[1], sys.argv[2]))
    except (csv.Error, UnicodeDecodeError):
        sys.exit(1)
