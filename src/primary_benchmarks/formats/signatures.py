"""What a file that is not text most likely is, from its first bytes, so an encoding
problem says what to do (decompress it, save it as UTF-8) rather than only that a byte is
not UTF-8. ``spreadsheet`` adds how Excel says it, for the CSV files people export."""

from __future__ import annotations

from typing import Final

__all__ = ["legacy_hint", "not_text"]

_SIGNATURES: Final = (
    (b"\x1f\x8b", "the file is gzip-compressed: decompress it first", ""),
    (b"PK\x03\x04", "the file is a zip archive (an .xlsx workbook, or zipped files): give a "
                    "workbook its .xlsx name, or unzip the archive", ""),
    (b"\xd0\xcf\x11\xe0", "the file is an old Excel workbook (.xls): save it as .xlsx", " or "
                          "as 'CSV UTF-8'"),
    (b"%PDF", "the file is a PDF, not text", ""),
    (b"\xff\xfe\x00\x00", "the file is UTF-32 text: save it as UTF-8", ""),
    (b"\x00\x00\xfe\xff", "the file is UTF-32 text: save it as UTF-8", ""),
    (b"\xff\xfe", "the file is UTF-16 text: save it as UTF-8", " (Excel's 'Unicode Text' "
                  "is UTF-16: choose 'CSV UTF-8')"),
    (b"\xfe\xff", "the file is UTF-16 text: save it as UTF-8", ""),
)


def not_text(head: bytes, *, spreadsheet: bool = False) -> str | None:
    """What a file starting with ``head`` is, when its signature says it is not UTF-8 text.

    >>> not_text(b"\\x1f\\x8b\\x08\\x00")
    'the file is gzip-compressed: decompress it first'
    >>> not_text(b"\\xff\\xfes\\x00", spreadsheet=True)
    "the file is UTF-16 text: save it as UTF-8 (Excel's 'Unicode Text' is UTF-16: choose 'CSV UTF-8')"
    >>> not_text(b"school,date") is None
    True
    """  # noqa: E501
    for magic, what, excel in _SIGNATURES:
        if head.startswith(magic):
            return what + (excel if spreadsheet else "")
    return None


def legacy_hint(byte: int, *, spreadsheet: bool = False) -> str:
    """The advice for a byte that is not UTF-8 in a file that is otherwise text: a byte
    from 0x80 up is most often Windows-1252 ('ANSI'), which Excel's plain 'CSV' saves.

    >>> legacy_hint(0xe9)
    'save the file as UTF-8 (it looks like Windows-1252 text)'
    >>> legacy_hint(0xe9, spreadsheet=True)
    "save the file as UTF-8 (it looks like Windows-1252 text, what Excel's plain 'CSV' saves: choose 'CSV UTF-8')"
    """  # noqa: E501
    if byte < 0x80:
        return "save the file as UTF-8"
    return ("save the file as UTF-8 (it looks like Windows-1252 text"
            + (", what Excel's plain 'CSV' saves: choose 'CSV UTF-8')" if spreadsheet else ")"))
