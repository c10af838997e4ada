"""Opening a file sent to Traza: which format and encoding it is in, its header, its rows.

Everything that can make a whole file unreadable (empty, binary, unknown encoding, a quote
that is never closed, a missing required column) is found here, before a single row is
written, so a refused file changes nothing.
"""

import codecs
import contextlib
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from pyexpat import ExpatError, ParserCreate

from django.utils.translation import gettext_noop as _

from traza.core.tables import undefused_row
from traza.core.values import strip_accents
from traza.imports.counting import MAX_FIELD, Counting, count_rows
from traza.imports.errors import FileRefused, Message

XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20
_LATIN_PUNCTUATION = set("¡¿«»°ºª€‘’“”–—…·´¨ \u00a0")
csv.field_size_limit(MAX_FIELD)

# What a spreadsheet may hold, checked on its zip directory and XML before it is parsed: a small file
# can unpack to gigabytes, or declare a million rows of sixteen thousand columns.
XLSX_MAX_UNPACKED_MB = 256
XLSX_MAX_ROWS = 500_000
XLSX_MAX_COLUMNS = 256
XLSX_MAX_SHARED_STRINGS = 1_000_000
_CELL_COLUMN = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Column:
    """A column of a file layout: its canonical name, the other names it may go by, whether required."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    xlsx: bool = False

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def optional(self, name: str) -> "Layout":
        """The same layout with `name` no longer required (a file sent for one agency may leave out its code)."""
        columns = tuple(replace(c, required=False) if c.name == name else c for c in self.columns)
        return replace(self, columns=columns)


@dataclass
class Header:
    """Which file column holds which layout column, and what was noticed about the header."""

    positions: dict[str, int]
    unknown: list[str]
    spanish: bool
    warnings: list[Message] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)  # layout column → its header as the file writes it

    def name_of(self, column: str) -> str:
        """The header the file gives a layout column (what its sender reads), or the column's own name."""
        return self.written.get(column, column)


def header_key(text: str) -> str:
    return strip_accents(text).strip().lower().replace(" ", "_")


def match_header(cells: list[str], layout: Layout) -> Header:
    """Map a header row to the layout; refuse the file when a required column is missing."""
    names: dict[str, tuple[str, bool]] = {}
    for column in layout.columns:
        names[header_key(column.name)] = (column.name, False)
        for alias in column.aliases:
            names.setdefault(header_key(alias), (column.name, True))
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[str] = []
    aliased = 0
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        if key not in names:
            unknown.append(cell.strip())
            continue
        canonical, is_alias = names[key]
        if canonical in positions:
            raise FileRefused(_("Column %(column)s appears twice in the header."), column=canonical)
        positions[canonical] = index
        written[canonical] = cell.strip()
        aliased += is_alias
    missing = [c.name for c in layout.columns if c.required and c.name not in positions]
    if missing:
        raise FileRefused(_("Required column missing: %(columns)s. Nothing was imported."), columns=", ".join(missing))
    header = Header(positions=positions, unknown=unknown, spanish=aliased > len(positions) / 2, written=written)
    if unknown:
        header.warnings.append(Message(_("Unknown columns ignored: %(columns)s."), {"columns": ", ".join(unknown)}))
    return header


def _looks_latin(text: str) -> bool:
    """Windows-1252 text from Mexican and US systems: its non-ASCII characters are accented letters."""
    high = [c for c in text if ord(c) > 127]
    if not high:
        return True
    plausible = sum(1 for c in high if c.isalpha() or c in _LATIN_PUNCTUATION)
    return plausible / len(high) >= 0.95


def _runs_of_high_bytes(sample: bytes) -> float:
    """Share of non-ASCII bytes followed by another: high in multi-byte encodings, low in Latin text."""
    high = [i for i, b in enumerate(sample) if b > 127]
    if not high:
        return 0.0
    paired = sum(1 for i in high if i + 1 < len(sample) and sample[i + 1] > 127)
    return paired / len(high)


def detect_encoding(path: Path, requested: str | None) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; anything else is refused unless --encoding says."""
    if requested:
        try:
            return codecs.lookup(requested).name
        except LookupError:
            raise FileRefused(_("Unknown encoding %(encoding)s."), encoding=requested)
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FileRefused(_("The file is in UTF-16. Save it as UTF-8 CSV and send it again."))
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(CHUNK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        sample = handle.read(CHUNK)
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or not _looks_latin(text) or _runs_of_high_bytes(sample) > 0.3:
        raise FileRefused(
            _("The file's encoding is not UTF-8 nor Windows-1252. Save it as UTF-8, or give its encoding.")
        )
    return "cp1252"


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file are binary data rather than text (UTF-16 counts as text)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head or sum(1 for b in head if b < 9 or 13 < b < 32) > len(head) // 100


def check_not_binary(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise FileRefused(_("The file is empty."))
    if looks_binary(head):
        raise FileRefused(_("This is not a CSV or XLSX file (it holds binary data)."))


@dataclass
class Table:
    """An opened file: its header, encoding, size; `rows()` yields (line, cells) in order."""

    path: Path
    layout: Layout
    encoding: str
    header: Header
    is_xlsx: bool
    row_count: int  # 0 until `scan` has counted them
    size: int

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every row after the header; a file found broken on the way is refused.

        A cell Traza's export writer defused (an apostrophe put before text that starts like a formula) is read
        without that apostrophe, so that a file Traza wrote, such as the untraced seized guns to trace, can be sent
        back as it is."""
        return self._xlsx_rows() if self.is_xlsx else self._csv_rows()

    def scan(self) -> int:
        """Read every row once, for its structure and count, before anything is written."""
        if not self.row_count:
            self.row_count = sum(1 for _row in self.rows()) if self.is_xlsx else self._csv_count()
        return self.row_count

    def scan_aside(self) -> "Scan":
        """`scan` in another process while this one goes on (a book's re-load reads its first chunks meanwhile)."""
        return Scan(self)

    def _csv_count(self) -> int:
        """The rows `rows()` yields, counted without making them (a book's millions of rows in about half the time).
        A broken file is read again row by row, to be refused at the line where it breaks."""
        try:
            return count_rows(str(self.path), self.encoding)
        except (csv.Error, UnicodeDecodeError):
            for _row in self._csv_rows():
                pass
            raise

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        with self.path.open("r", encoding=self.encoding, newline="", buffering=CHUNK) as text:
            reader = csv.reader(text, strict=True)
            previous = 0
            try:
                for cells in reader:
                    previous = reader.line_num
                    if any(c.strip() for c in cells):
                        break
                for cells in reader:
                    start, previous = previous + 1, reader.line_num
                    joined = "".join(cells)  # one look at the row: is it empty, does a cell hold an apostrophe
                    if joined:
                        yield start, undefused_row(cells) if "'" in joined else cells
            except csv.Error as error:
                raise _broken(error, previous + 1)
            except UnicodeDecodeError:
                raise FileRefused(_("The file is not valid %(encoding)s text."), encoding=self.encoding)

    def _xlsx_rows(self) -> Iterator[tuple[int, list[str]]]:
        sheet, workbook = _open_sheet(self.path)
        try:
            for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                cells = undefused_row([_cell_text(v) for v in values])
                if any(cells):
                    yield number, cells
        finally:
            workbook.close()


class Scan:
    """A table's `scan` under way in another process (a CSV file not yet counted), or to be done here. `wait` before
    anything is written: it gives the count, and refuses a broken file as `scan` does."""

    def __init__(self, table: Table):
        self.table = table
        self.counting: Counting | None = None
        if not (table.row_count or table.is_xlsx):
            with contextlib.suppress(OSError):  # no process to be had: counted here, by `wait`
                self.counting = Counting(str(table.path), table.encoding)

    def wait(self) -> int:
        if self.counting is None:
            return self.table.scan()
        count, self.counting = self.counting.result(), None
        if count is None:  # a broken file (or no count to be had there): read here, refused at the line it breaks
            count = sum(1 for _row in self.table.rows())
        self.table.row_count = count
        return count

    def stop(self) -> None:
        if self.counting is not None:
            self.counting.stop()
            self.counting = None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


UNREADABLE_XLSX = _("The spreadsheet could not be opened; it may be damaged or password-protected.")


def _open_sheet(path: Path):
    """The first sheet, with its declared dimension ignored (rows are as long as the cells they hold)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise FileRefused(UNREADABLE_XLSX)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    return sheet, workbook


def check_xlsx_size(path: Path) -> None:
    """Refuse a spreadsheet too big to read, before any of it is parsed.

    Looks at the zip directory (the unpacked size it declares, which reading never exceeds) and then
    streams every XML part, whatever its name, stopping at the first limit passed: the rows and columns
    are those of the cells present, whatever dimension the file declares, and the shared strings are
    counted one by one.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > XLSX_MAX_UNPACKED_MB * 1024 * 1024:
                raise FileRefused(
                    _("The spreadsheet unpacks to more than %(limit)s MB. Split it into smaller files, or send CSV."),
                    limit=XLSX_MAX_UNPACKED_MB,
                )
            for member in members:
                _check_part(archive, member)
    # What zipfile and expat raise on a damaged file: a broken archive or XML, a truncated member (EOFError),
    # a compression zipfile cannot read (NotImplementedError), an encrypted member (RuntimeError), a bad
    # header value (ValueError).
    except (zipfile.BadZipFile, ExpatError, ValueError, EOFError, NotImplementedError, RuntimeError):
        raise FileRefused(UNREADABLE_XLSX)


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Count the shared strings (`si`), rows and columns of one part, if it is XML (pictures are not).

    Streamed through expat with no tree built; a document type (where entities are declared) is refused.
    """
    with archive.open(member) as stream:
        head = stream.read(4096)
    if not head.lstrip().startswith(b"<"):
        return
    counter = _PartCounter()
    parser = ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.StartDoctypeDeclHandler = counter.refuse
    parser.EntityDeclHandler = counter.refuse
    with archive.open(member) as stream:
        while block := stream.read(CHUNK):
            parser.Parse(block, False)
        parser.Parse(b"", True)


class _PartCounter:
    """What `_check_part` counts as the elements of a part start; refuses at the first limit passed."""

    def __init__(self):
        self.strings = self.row = self.column = 0

    def refuse(self, *_args) -> None:
        raise FileRefused(UNREADABLE_XLSX)

    def start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            reference = _CELL_COLUMN.match(attributes.get("r") or "")
            self.column = _column_number(reference.group()) if reference else self.column + 1
            if self.column > XLSX_MAX_COLUMNS:
                raise FileRefused(
                    _("The spreadsheet has more than %(limit)s columns. Keep the columns of the file format."),
                    limit=XLSX_MAX_COLUMNS,
                )
        elif local == "row":
            self.row, self.column = int(attributes.get("r") or self.row + 1), 0
            if self.row > XLSX_MAX_ROWS + 1:  # the header, then the rows
                raise FileRefused(
                    _("The spreadsheet has more than %(limit)s rows. Split it into smaller files and send each one."),
                    limit=XLSX_MAX_ROWS,
                )
        elif local == "si":
            self.strings += 1
            if self.strings > XLSX_MAX_SHARED_STRINGS:
                raise FileRefused(
                    _("The spreadsheet holds more than %(limit)s different texts. Split it into smaller files."),
                    limit=XLSX_MAX_SHARED_STRINGS,
                )


def _column_number(letters: str) -> int:
    """A1-style column letters as a number: A is 1, Z 26, AA 27; long runs of letters stop early (too big)."""
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _broken(error: csv.Error, line: int) -> FileRefused:
    if "NUL" in str(error):
        return FileRefused(_("Line %(line)s holds binary data (a NUL character)."), line=line)
    return FileRefused(
        _(
            "Line %(line)s: a quoted field is never closed, or a quote is followed by other text "
            "(a broken quote). Nothing was imported."
        ),
        line=line,
    )


def _csv_header(path: Path, encoding: str) -> list[str]:
    """The first row that is not blank."""
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    return cells
        except csv.Error as error:
            raise _broken(error, reader.line_num or 1)
        except UnicodeDecodeError:
            raise FileRefused(_("The file is not valid %(encoding)s text."), encoding=encoding)
    raise FileRefused(_("The file has no header row."))


def _scan_xlsx(path: Path) -> tuple[list[str], int]:
    sheet, workbook = _open_sheet(path)
    try:
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise FileRefused(_("The file has no header row."))
        count = sum(1 for values in rows if any(v not in (None, "") for v in values))
        return [_cell_text(v) for v in first], count
    finally:
        workbook.close()


def open_table(path: Path, layout: Layout, *, encoding: str | None = None, scan: bool = True) -> Table:
    """Check and open a file; raise FileRefused with a clear message if it cannot be imported.

    With `scan`, every row is read once first, so a file broken near its end is refused before
    anything is written; without it, the caller reads the rows in one transaction of its own.
    """
    if not path.is_file():
        raise FileRefused(_("File not found."))
    with path.open("rb") as handle:
        is_xlsx = handle.read(4) == XLSX_MAGIC
    if not is_xlsx:
        check_not_binary(path)
    if is_xlsx and not layout.xlsx:
        raise FileRefused(_("Spreadsheets (XLSX) are accepted only for trace requests and seizures; send CSV."))
    if is_xlsx:
        detected = "xlsx"
        check_xlsx_size(path)
        cells, count = _scan_xlsx(path)
    else:
        detected = detect_encoding(path, encoding)
        cells, count = _csv_header(path, detected), 0
    header = match_header(cells, layout)
    table = Table(
        path=path,
        layout=layout,
        encoding=detected,
        header=header,
        is_xlsx=is_xlsx,
        row_count=count,
        size=path.stat().st_size,
    )
    if scan:
        table.scan()
    return table
