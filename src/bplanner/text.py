"""Turning text bplanner did not write (a table's cell, a diary's line, a path) into what
is printed: the one place that decides what reaches a terminal or a spreadsheet.

* ``visible``: every character ``repr`` would escape (control characters such as
  ESC, BEL, newline, tab, carriage return; DEL; the C1 controls; invisible format
  characters such as the bidirectional overrides) is shown as ``repr`` shows it
  (``\\x1b``, ``\\n``, ``\\u202e``). An escape sequence (``\\x1b]0;title\\x07``,
  ``\\x1b[2J``) is then plain text that a terminal prints and never obeys, and a cell
  never breaks a line (no forged ``Error:`` line).
* ``for_terminal``: the same for a whole block of output, keeping its newlines and tabs:
  the last guard on standard output and standard error (``TerminalStream``).
* ``csv_cell``: a text cell that a spreadsheet would run as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, as
  OWASP advises against CSV injection; a number (and a text that is a plain number,
  such as ``-2.5``) is left as it is.
* ``plain``: text an output encoding cannot hold in a plain ASCII form (``½`` -> ``1/2``,
  ``⅓`` -> ``1/3``, ``µg`` -> ``ug``, ``…`` -> ``...``), so a Latin-1 or ASCII terminal
  gets a readable line instead of an error.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
# what a terminal may act on in a block of output: C0 but newline and tab, DEL, C1, and
# the invisible format characters (zero width, bidirectional embeddings and isolates)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff\ufff9-\ufffb]")

# ASCII forms of the characters bplanner's own output uses, for encodings without them
ASCII_FORMS = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8",
    "⅞": "7/8", "µ": "u", "μ": "u", "…": "...", "×": "x", "–": "-", "—": "-", "−": "-",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "≥": ">=", "≤": "<=",
    "≈": "~", "±": "+/-", "→": "->", "←": "<-", "•": "*", "·": ".", "°": " deg",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "⁄": "/", "‰": " per mille", "²": "2",
    "³": "3", "©": "(c)", "®": "(R)", "™": "(TM)", "€": "EUR", "£": "GBP", "✓": "v",
    "✗": "x",
}
_FRACTIONS = frozenset("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")


def visible(text) -> str:
    """``text`` with every character ``repr`` escapes shown as ``repr`` shows it."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def for_terminal(text: str) -> str:
    """A block of output with whatever a terminal could obey shown as ``repr`` shows it;
    newlines and tabs are kept."""
    if text.isprintable() or not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def csv_cell(value):
    """A CSV value as written: text made ``visible`` and, when a spreadsheet would run it as
    a formula, prefixed with ``'`` (OWASP); numbers and plain-number texts unchanged."""
    if not isinstance(value, str):
        return value
    guard = value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)
    value = visible(value)
    return "'" + value if guard else value


def ascii_form(char: str) -> str:
    """A plain ASCII stand-in for one character: a known form, else its letters without
    accents (é -> e), else ``?``."""
    if char in ASCII_FORMS:
        return ASCII_FORMS[char]
    if char.isascii():
        return char
    bare = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    bare = "".join(ASCII_FORMS.get(c, c) for c in bare)
    return bare if bare and bare.isascii() and bare.isprintable() else "?"


def _plain_errors(exc):
    """Codec error handler ``bplanner-plain``: what the encoding cannot hold, as ASCII."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    text = exc.object
    for i in range(exc.start, exc.end):
        form = ascii_form(text[i])
        if text[i] in _FRACTIONS and i > 0 and text[i - 1].isdigit():
            form = " " + form  # 1⅓ -> 1 1/3, not 11/3
        out.append(form)
    return "".join(out), exc.end


PLAIN_ERRORS = "bplanner-plain"
codecs.register_error(PLAIN_ERRORS, _plain_errors)


def plain(text: str, encoding: str | None = "ascii") -> str:
    """``text`` as ``encoding`` can hold it: each character it cannot, in an ASCII form."""
    encoding = encoding or "ascii"
    try:
        return text.encode(encoding, PLAIN_ERRORS).decode(encoding)
    except LookupError:  # an unknown encoding: plain ASCII is safe everywhere
        return text.encode("ascii", PLAIN_ERRORS).decode("ascii")


class TerminalStream:
    """Standard output or error as bplanner writes to it: every write goes through
    ``for_terminal`` and, where the stream's encoding lacks a character, ``plain``.

    Errors of the stream itself (a full disk, a closed pipe) are raised as they are.
    """

    closed = False

    def __init__(self, inner):
        self.inner = inner

    @property
    def encoding(self):
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self):
        return PLAIN_ERRORS

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        safe = for_terminal(text)
        try:
            self.inner.write(safe)
        except UnicodeEncodeError:
            self.inner.write(plain(safe, self.encoding))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        try:
            return self.inner.isatty()
        except (AttributeError, ValueError, OSError):
            return False

    def fileno(self) -> int:
        return self.inner.fileno()

    def close(self) -> None:
        self.closed = True
        self.inner.close()


def close_names(typed: str, names, n: int = 3, cutoff: float = 0.75) -> list[str]:
    """Known names a typed one may mean, best first, for a "did you mean": those holding
    the typed text in a word ("fish" -> "Finfish and Shellfish Products"), then those
    spelt alike (``difflib``, as for conditions and medicines: "vegeterian" ->
    "vegetarian"). Case and surrounding space do not matter."""
    import difflib

    names = list(dict.fromkeys(names))
    key = " ".join(str(typed).lower().split())
    if not key:
        return []
    lower = {name.lower(): name for name in names}
    held = [name for low, name in lower.items() if key in low and key != low]
    alike = difflib.get_close_matches(key, list(lower), n=n, cutoff=cutoff)
    out = list(dict.fromkeys(held + [lower[a] for a in alike]))
    return out[:n]


def some_of(names, n: int = 4) -> str:
    """At most ``n`` accepted names for an error line, then how many more there are: an
    error stays one short line, and ``--help`` or ``risks`` lists them all."""
    names = list(names)
    shown = ", ".join(names[:n])
    return shown if len(names) <= n else f"{shown} and {len(names) - n} more"
