"""A kind's row rules, written once: how each column's text is read, remembered where the texts repeat.

A file is read a block of rows at a time, column by column. A book's millions of rows repeat the same licences,
dates, types and dispositions: each distinct text of such a column is read once and its answer (the value, or the
message refusing it) looked up after; plain texts are checked a whole column at once, and read one by one only
when the column holds one too long or missing. A row that passes and a row refused are read by the same fields:
a refused row has its fields' messages gathered into errors. The API and the forms read one row by column name
through the same fields (`Rules.read_mapping`), so a value is accepted or refused alike whichever channel
brought it.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import Any

from traza.core.values import serial_keys
from traza.imports.cleaning import (
    Read,
    read_choice,
    read_date,
    read_licence,
    read_serial,
    read_text,
    required,
)
from traza.imports.errors import Message

#: Distinct texts a field remembers before it starts again: memory stays flat whatever the file's size.
MEMO_MAX = 65_536


@dataclass(frozen=True)
class Field:
    """One layout column read into one value: `read(text, dayfirst)` answers the value, or the Message refusing
    it, for a text stripped and not empty; an empty cell is `empty`, or refused when the field is required."""

    column: str
    read: Callable[[str, bool], Read]
    required: bool = False
    empty: Any = None
    repeats: bool = True  # its texts repeat across rows: each is read once and remembered
    max_length: int = 0  # a text kept as written, within this length: a block's texts are checked at once
    read_all: Callable[[list[str], bool], list[Read]] | None = None  # reads a block's texts at once

    def empty_answer(self) -> Read:
        return required(self.column) if self.required else self.empty


def text(column: str, max_length: int, *, required: bool = False) -> Field:
    """A text kept as written (stripped), within `max_length` characters."""
    return Field(column, lambda value, _dayfirst: read_text(value, column, max_length), required, "", False, max_length)


def date(column: str, *, not_after: Date | None = None) -> Field:
    return Field(column, lambda value, dayfirst: read_date(value, column, dayfirst=dayfirst, not_after=not_after))


def choice(column: str, choices: Mapping[str, str]) -> Field:
    return Field(column, lambda value, _dayfirst: read_choice(value, column, choices), empty="")


def licence(column: str, *, required: bool = False) -> Field:
    """A licence number, kept with the first 25 characters its sender wrote (`Licence.written`)."""

    def read(value: str, _dayfirst: bool) -> Read:
        found = read_licence(value, column)
        return found if type(found) is Message else replace(found, written=value[:25])

    return Field(column, read, required)


def serial(column: str, *, required: bool = False) -> Field:
    """The serial as written and its comparison key, as a pair; an empty cell is ("", "")."""

    def read(value: str, _dayfirst: bool) -> Read:
        return read_serial(value, column)

    def read_all(texts: list[str], dayfirst: bool) -> list[Read]:
        keys = serial_keys(texts)
        if keys is None:
            return [read(text, dayfirst) if text else field.empty_answer() for text in texts]
        return list(zip(texts, keys, strict=True))

    field = Field(column, read, required, ("", ""), repeats=False, read_all=read_all)
    return field


def lookup(column: str, resolve: Callable[[str], str | None], refusal: str) -> Field:
    """A value a catalog resolves (a firearm type, a country); `refusal` when it resolves nothing."""
    message = Message(refusal, {"column": column})
    return Field(column, lambda value, _dayfirst: resolve(value) or message, empty="")


class Rules:
    """A kind's fields in their order, bound to the positions of a file's columns, read column by column: each
    field reads a whole block of rows at once (see the module's docstring)."""

    def __init__(self, fields: Sequence[Field]):
        self.fields = tuple(fields)
        self.columns = tuple(field.column for field in self.fields)
        self._readers: dict[bool, tuple[Callable[[str], Read] | Memo, ...]] = {}
        self.bind({column: index for index, column in enumerate(self.columns)})

    def bind(self, positions: Mapping[str, int]) -> None:
        """Read cells at `positions` (column name → index); a column the file lacks reads as empty."""
        self._at = tuple(positions.get(column) for column in self.columns)
        present = [index for index in self._at if index is not None]
        self._width = max(present) + 1 if present else 0

    def read(self, rows: Sequence[Sequence[str]], dayfirst: bool) -> "Readings":
        """Each field's readings of a block of file rows (their cells), one list per field in the fields' order."""
        if rows and min(map(len, rows)) == max(map(len, rows)) >= self._width:
            everything = list(zip(*rows, strict=True))  # the file's columns, each read whole
            blank = ("",) * len(rows)
            columns: list[Sequence[str]] = [blank if index is None else everything[index] for index in self._at]
        else:
            picked = [self._pick(cells) for cells in rows]
            columns = list(zip(*picked, strict=True)) if picked else [() for _ in self.fields]
        return self._read_columns(columns, dayfirst)

    def read_mapping(self, values: Mapping[str, object], dayfirst: bool) -> "Readings":
        """Each field's reading of one row given by column name (an API body, a form), as a block of one row."""
        texts = ("" if values.get(column) is None else str(values.get(column)) for column in self.columns)
        return self._read_columns([(text,) for text in texts], dayfirst)

    def refusals(self, readings: "Readings") -> dict[int, list[tuple[str, Message]]]:
        """The rows of a block some field refused: row index → (column, message) in the fields' order."""
        found: dict[int, list[tuple[str, Message]]] = {}
        for position in sorted(readings.doubtful):
            column = self.fields[position].column
            for index, value in enumerate(readings[position]):
                if type(value) is Message:
                    found.setdefault(index, []).append((column, value))
        return found

    def _pick(self, cells: Sequence[str]) -> tuple[str, ...]:
        count = len(cells)
        return tuple(cells[i] if i is not None and i < count else "" for i in self._at)

    def _read_columns(self, columns: Sequence[Sequence[str]], dayfirst: bool) -> "Readings":
        readings = Readings()
        for index, (field, reader, texts) in enumerate(
            zip(self.fields, self._readers_for(dayfirst), columns, strict=True)
        ):
            stripped = list(map(str.strip, texts))
            if field.max_length:
                if not stripped or (
                    max(map(len, stripped)) <= field.max_length and (not field.required or all(stripped))
                ):
                    readings.append(stripped)  # the texts themselves: within length, and none empty that must not be
                    continue
                column = [
                    read_text(text, field.column, field.max_length) if text else field.empty_answer()
                    for text in stripped
                ]
            elif field.read_all is not None:
                column = field.read_all(stripped, dayfirst)
            elif isinstance(reader, Memo):
                readings.append(list(map(reader.__getitem__, stripped)))
                if reader.refused and not reader.refused.isdisjoint(stripped):
                    readings.doubtful.add(index)
                continue
            else:
                column = list(map(reader, stripped))
            readings.append(column)
            if Message in set(map(type, column)):
                readings.doubtful.add(index)
        return readings

    def _readers_for(self, dayfirst: bool) -> tuple["Callable[[str], Read] | Memo", ...]:
        readers = self._readers.get(dayfirst)
        if readers is None:
            readers = self._readers[dayfirst] = tuple(_reader(field, dayfirst) for field in self.fields)
        return readers


def keep(column: Sequence, refused: Mapping[int, object]) -> list:
    """A block's column without the rows in `refused`."""
    return [value for index, value in enumerate(column) if index not in refused] if refused else list(column)


def _reader(field: Field, dayfirst: bool) -> "Callable[[str], Read] | Memo":
    if field.repeats:
        return Memo(lambda value: field.read(value, dayfirst), field.empty_answer())
    read, empty = field.read, field.empty_answer()
    return lambda value: read(value, dayfirst) if value else empty


class Readings(list):
    """A block's readings, one list per field; `doubtful`: the positions of the fields that may have refused a text."""

    def __init__(self) -> None:
        super().__init__()
        self.doubtful: set[int] = set()


class Memo(dict):
    """Answers by text: a text not seen yet is read once and remembered (up to MEMO_MAX texts; "" answers `empty`).
    `refused`: the texts remembered with a refusal (a Message)."""

    def __init__(self, read: Callable[[str], Any], empty: Any):
        super().__init__()
        self.read, self.empty = read, empty
        self.refused: set[str] = set()
        self._remember("", empty)

    def __missing__(self, value: str) -> Any:
        if len(self) >= MEMO_MAX:
            self.clear()
            self.refused.clear()
            self._remember("", self.empty)
        return self._remember(value, self.read(value))

    def _remember(self, value: str, answer: Any) -> Any:
        self[value] = answer
        if type(answer) is Message:
            self.refused.add(value)
        return answer
