"""Messages about files and rows, kept as message ids with parameters.

They are stored untranslated and translated when shown, so a Spanish officer and an English
analyst each read the same error report in their own language. Values from the file are never
put in a message: they may be personal data.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Message:
    text: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return gettext(self.text) % self.params


class FileRefused(Exception):
    """The whole file is refused before anything is written."""

    def __init__(self, text: str, **params):
        super().__init__(text % params if params else text)
        self.message = Message(text, params)


@dataclass(frozen=True)
class RowError:
    """A rejected row: its line (an XLSX file's sheet row), the layout column at fault, why, and the row's
    own reference (its request or record number, never personal data) when it has one."""

    line: int
    column: str
    message: Message
    reference: str = ""
