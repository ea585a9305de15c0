"""One page of a long list: its rows, of how many in all, and which page it is."""

from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select

from .extensions import db

Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    rows: list[Row]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.size)


def page_of(query: Select, number: int, size: int) -> Page:
    """The rows of the ordered query on page `number`, kept within the pages there are."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    total = total or 0
    number = min(max(1, number), max(1, ceil(total / size)))
    rows = db.session.scalars(query.offset((number - 1) * size).limit(size)).unique().all()
    return Page(list(rows), total, number, size)


def page_number(value: str | None) -> int:
    """The page a request asks for: a positive whole number, else the first."""
    return int(value) if value and value.isascii() and value.isdigit() and int(value) > 0 else 1
