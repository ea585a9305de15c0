"""The files an import reads, as spreadsheets write them, and the example files it offers:
the columns of each kind (in Swedish or English), the text of the file (decode: UTF-8 with
or without Excel's byte-order mark, else Windows-1252, never a mix), and its rows by
column (read_table: semicolons or commas, as the header line has them). Plain functions,
without a request or the database."""

import csv
import enum
import io
import re
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _

from ..forms_common import without_control_characters
from ..models import Role


class Kind(enum.StrEnum):
    ADMINISTRATIONS = "administrations"
    PEOPLE = "people"


# The columns of each kind of file, the required ones first, as they are named in the
# header: in either language, in any case, "_" as a space.
COLUMNS = {
    Kind.ADMINISTRATIONS: {"name": True, "short_name": True},
    Kind.PEOPLE: {
        "name": True,
        "email": True,
        "administration": True,
        "language": False,
        "memberships": False,
    },
}
HEADER_WORDS = {
    "name": ("name", "namn"),
    "short_name": ("short name", "shortname", "kortnamn", "förkortning"),
    "email": (
        "e-mail",
        "email",
        "e-mail address",
        "e-post",
        "epost",
        "e-postadress",
        "mejl",
        "mejladress",
    ),
    "administration": ("administration", "förvaltning"),
    "language": ("language", "språk"),
    "memberships": ("memberships", "membership", "medlemskap", "nätverk och roller"),
}
_HEADER = {word: column for column, words in HEADER_WORDS.items() for word in words}

# The roles as a file writes them: in English, then in Swedish.
ROLE_WORDS = {
    Role.COORDINATOR: ("coordinator", "samordnare"),
    Role.REPRESENTATIVE: ("representative", "representant"),
    Role.PARTICIPANT: ("participant", "deltagare"),
}
# A character of UTF-8 that takes more than one byte (å is C3 A5): in a file that is not
# UTF-8 as a whole, one of these means that part of it is.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def column_names(kind: Kind) -> list[str]:
    """The columns of a kind of file, as the header names them in the page's language."""
    words = {
        "name": _("name"),
        "short_name": _("short name"),
        "email": _("e-mail"),
        "administration": _("administration"),
        "language": _("language"),
        "memberships": _("memberships"),
    }
    return [words[column] for column in COLUMNS[kind]]


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing of it is imported."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without the byte-order mark Excel writes), else
    Windows-1252 (what Excel on Windows writes as plain "CSV"); a file partly in one and
    partly in the other is refused, as no reading of it is right."""
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem(
            _(
                "This is an Excel workbook, not a CSV file. In Excel, choose Save as and the "
                "file type “CSV UTF-8”, then upload that file."
            )
        )
    if b"\x00" in data:
        raise FileProblem(
            _(
                "The file is not text in UTF-8 or Windows-1252 (it may be “Unicode text”). "
                "Save it as “CSV UTF-8” and upload it again."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        not_utf8 = data.count(b"\n", 0, error.start) + 1
    utf8 = _UTF8_SEQUENCE.search(data)
    if utf8 is not None:
        raise FileProblem(
            _(
                "The file mixes two encodings: line %(utf8)s is written in UTF-8, line "
                "%(other)s in another encoding, so letters such as å, ä and ö cannot all be "
                "read right. Save the whole file again as “CSV UTF-8” and upload it again.",
                utf8=data.count(b"\n", 0, utf8.start()) + 1,
                other=not_utf8,
            )
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise FileProblem(
            _(
                "Line %(line)s of the file is neither UTF-8 nor Windows-1252 text. Save the "
                "file as “CSV UTF-8” and upload it again.",
                line=data.count(b"\n", 0, error.start) + 1,
            )
        ) from None


@dataclass
class Table:
    kind: Kind
    columns: list[str]
    # (the row's line in the file, its cells by column)
    rows: list[tuple[int, dict[str, str]]]
    # Lines whose cells go beyond the header's columns.
    overfull: set[int] = field(default_factory=set)


def _header_word(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").replace("_", " ").lower().split())


def _delimiter(text: str) -> str:
    """Semicolon or comma, whichever the header line has more of (Excel writes a
    semicolon where the decimal sign is a comma, as in Sweden)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


def _header_problem(detail: str) -> FileProblem:
    administrations = "; ".join(column_names(Kind.ADMINISTRATIONS))
    required = [c for c, needed in COLUMNS[Kind.PEOPLE].items() if needed]
    names = column_names(Kind.PEOPLE)
    return FileProblem(
        _(
            "%(detail)s The first row must name the columns: for administrations “%(adm)s”; "
            "for people “%(people)s”, and if you like “%(optional)s”.",
            detail=detail,
            adm=administrations,
            people="; ".join(names[: len(required)]),
            optional="; ".join(names[len(required) :]),
        )
    )


def read_table(text: str) -> Table:
    """The rows of the file by column, blank rows left out; FileProblem for a header that
    is not one of the two kinds'."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header, line, rows, overfull = None, 0, [], set()
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            cells = [" ".join(without_control_characters(cell).split()) for cell in cells]
            if not any(cells):
                continue
            if header is None:
                header = _read_header(cells)
                continue
            if any(cells[len(header) :]):
                overfull.add(start)
            rows.append((start, dict(zip(header, cells + [""] * len(header), strict=False))))
    except csv.Error:
        raise FileProblem(
            _(
                "Line %(line)s of the file cannot be read as CSV: a quotation mark may be missing.",
                line=reader.line_num,
            )
        ) from None
    if header is None:
        raise FileProblem(_("The file is empty."))
    kind = Kind.ADMINISTRATIONS if "short_name" in header else Kind.PEOPLE
    required = [column for column, needed in COLUMNS[kind].items() if needed]
    missing = [column for column in required if column not in header]
    if missing:
        words = dict(zip(COLUMNS[kind], column_names(kind), strict=True))
        raise _header_problem(
            _("The column “%(column)s” is missing.", column=", ".join(words[m] for m in missing))
        )
    unknown = [column for column in header if column not in COLUMNS[kind]]
    if unknown:
        raise _header_problem(_("The column “%(column)s” is not one of them.", column=unknown[0]))
    return Table(kind, header, rows, overfull)


def _read_header(cells: list[str]) -> list[str]:
    header: list[str] = []
    for cell in cells:
        word = _header_word(cell)
        column = _HEADER.get(word, word)
        if not column and not header:
            raise _header_problem(_("The first column has no name."))
        if column in header:
            raise _header_problem(_("The column “%(column)s” is there twice.", column=cell))
        header.append(column)
    # Empty cells after the last column (a spreadsheet's) are no columns.
    while header and not header[-1]:
        header.pop()
    if "" in header:
        raise _header_problem(_("A column in the middle has no name."))
    return header


# Example files, one of each kind, in the page's language.


def example(kind: Kind) -> str:
    rows = [column_names(kind)]
    if kind is Kind.ADMINISTRATIONS:
        rows += [
            [_("Environment administration"), "MF"],
            [_("Social services administration"), "SOC"],
            [_("Culture and leisure administration"), "KFF"],
        ]
    else:
        swedish = get_locale().language == "sv"
        representative, participant, coordinator = (
            ROLE_WORDS[role][1 if swedish else 0]
            for role in (Role.REPRESENTATIVE, Role.PARTICIPANT, Role.COORDINATOR)
        )
        rows += [
            ["Anna Andersson", "anna.andersson@kommun.se", "MF", "sv", f"neh:{representative}"],
            [
                "Bo Berg",
                "bo.berg@kommun.se",
                "SOC",
                "en",
                f"nsh:{representative} neh:{participant}",
            ],
            ["Cecilia Dahl", "cecilia.dahl@kommun.se", "KFF", "", f"nsh:{coordinator}"],
            ["David Ek", "david.ek@kommun.se", "KFF", "", ""],
        ]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue()
