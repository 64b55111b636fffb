"""Text rules shared by models and file formats: identifiers, and one-line display.

No I/O and no imports from the rest of the package, so every layer can use it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = ["did_you_mean", "escape", "identifier", "identifier_problem"]


def identifier_problem(text: str) -> str | None:
    r"""Why ``text`` cannot be an identifier, or ``None``: identifiers (ids, round labels,
    school ids, column names) hold no control, format (zero-width, bidi) or other invisible
    characters and no line breaks, so two that print alike are never two different things.

    >>> identifier_problem("100001\u200b")
    "'100001\\u200b' holds an invisible character (U+200B ZERO WIDTH SPACE) at position 7"
    """
    if text.isascii() and text.isprintable():  # the common case: nothing to look for
        return None
    for i, ch in enumerate(text):
        if ch == " ":
            continue
        category = unicodedata.category(ch)
        if category[0] in "CZ" or ch in _INVISIBLE:
            name = unicodedata.name(ch, "")
            what = "a line break" if category in ("Zl", "Zp") or ch in "\r\n\x85" else (
                "a control character" if category == "Cc" else
                "a space other than a plain space" if category == "Zs" else
                "an invisible character")
            return (f"{text!r} holds {what} (U+{ord(ch):04X}"
                    f"{' ' + name if name else ''}) at position {i + 1}")
    return None


#: Characters that print as nothing or as a blank but are not in a C* or Z* category.
_INVISIBLE: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def escape(text: str) -> str:
    r"""``text`` with every non-printable character written as an escape, on one line.

    >>> escape("a\nb\x1b[31m")
    'a\\nb\\x1b[31m'
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def identifier(text: str, what: str = "an id", max_length: int | None = None) -> str:
    r"""``text`` NFC-normalised, or a :class:`ValueError` saying why it cannot be ``what``
    (an invisible character, or more than ``max_length`` characters).

    >>> identifier("Cafe\u0301") == "Caf\u00e9"
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"{what} must be text, not {type(text).__name__}")
    problem = identifier_problem(text)
    if problem:
        raise ValueError(f"{what}: {problem}")
    if max_length is not None and len(text) > max_length:
        raise ValueError(f"{what} is {len(text):,} characters long; the limit is "
                         f"{max_length:,}")
    return unicodedata.normalize("NFC", text)


def did_you_mean(key: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest option (case and spaces aside), or ``""``.

    >>> did_you_mean("Fully", ["not", "partially", "fully"])
    "; did you mean 'fully'?"
    """
    import difflib

    listed = list(options)
    folded = {o.casefold().strip(): o for o in listed}
    exact = folded.get(key.casefold().strip())
    if exact is not None:
        return f"; did you mean {exact!r}?"
    near = difflib.get_close_matches(key, listed, n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""
