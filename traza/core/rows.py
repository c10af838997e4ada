"""Rows of a list page: an object, with what the page shows beside it that the object itself does not hold."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Row(Generic[T]):
    """An object of a list page and, in a subclass's fields, how the page shows it now (its due time in words, …).

    A template reads the object's own attributes through the row (`row.number`), as it read them from the object
    before pages gave their objects attributes the model does not declare.
    """

    item: T

    def __getattr__(self, name: str) -> Any:
        if name == "item":  # not set yet (a copy being made): no attribute, rather than asking `item` for itself
            raise AttributeError(name)
        return getattr(self.item, name)
