"""The food table: loading it safely, finding foods, ranking them by a vitamin.

``load_foods`` checks a table against the schema of ``data/foods.csv`` and
names the file, the line and the column of the first problem it finds, so a
user pointing at their own table learns exactly what to fix. Text cells are kept
as they are printed: a control character (an escape sequence, a newline) is shown
as ``repr`` shows it (``bplanner.text.visible``), never sent to a terminal.
"""

from __future__ import annotations

import io
import os
import re
import stat
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from bplanner._resources import data_file
from bplanner.files import quote, show_path
from bplanner.text import visible
from bplanner.vitamins import VITAMINS

TEXT_COLUMNS = ("ndb", "name", "food_group", "racc_category", "portion_text", "course",
                "folate_dfe_basis")
# grams of the FDA/USDA reference amount and of the household portion nearest to it
GRAM_COLUMNS = ("racc_grams", "portion_grams")
AMOUNT_COLUMNS = (
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "pantothenic_acid_mg",
    "vitamin_b6_mg",
    "folate_dfe_ug",
    "food_folate_ug",
    "folic_acid_ug",
    "folate_total_ug",
    "vitamin_b12_ug",
    "vitamin_b12_added_ug",
    "retinol_ug",
    "energy_kcal",
)
# how folate_dfe_ug was found (build.folate_dfe): USDA's DFE, computed, or total folate
FOLATE_DFE_BASES = ("usda", "computed", "total", "")
FLAG_COLUMNS = (
    "fortified",
    "everyday",
    "familiar",
    "diet_omnivore",
    "diet_pescatarian",
    "diet_vegetarian",
    "diet_lacto_vegetarian",
    "diet_ovo_vegetarian",
    "diet_vegan",
)
LIST_COLUMNS = ("animal_sources", "allergens", "supplies", "rich_in", "leaflet_claims")
# columns a table may hold and the shipped one does: a food's family (one kind of food,
# ``table.staples``); the planner derives it from the name where a table has none
OPTIONAL_TEXT_COLUMNS = ("family",)
COLUMNS = (
    "ndb",
    "name",
    "food_group",
    "racc_category",
    "racc_grams",
    "portion_text",
    "portion_grams",
    "portion_pieces",
    *AMOUNT_COLUMNS[:6],
    "folate_dfe_basis",
    *AMOUNT_COLUMNS[6:],
    "fortified",
    "everyday",
    "familiar",
    "course",
    "animal_sources",
    *FLAG_COLUMNS[3:],
    "allergens",
    "supplies",
    "rich_in",
    "leaflet_claims",
)
# the most a cell may hold: 100 g of a food cannot hold more than 100 g of a vitamin, nor
# more energy than pure fat (900 kcal); a serving above 100 kg is a typing error
MAX_AMOUNT = {
    "thiamin_mg": 1e5,
    "riboflavin_mg": 1e5,
    "niacin_mg": 1e5,
    "pantothenic_acid_mg": 1e5,
    "vitamin_b6_mg": 1e5,
    "folate_dfe_ug": 1e8,
    "food_folate_ug": 1e8,
    "folic_acid_ug": 1e8,
    "folate_total_ug": 1e8,
    "vitamin_b12_ug": 1e8,
    "vitamin_b12_added_ug": 1e8,
    "retinol_ug": 1e8,
    "energy_kcal": 1000.0,
    "racc_grams": 1e5,
    "portion_grams": 1e5,
}
# pieces in a portion (7 crackers, 10 in the shipped table at most); more is a typing error
MAX_PIECES = 1000
MAX_PIPE_BYTES = 256 * 2**20  # a table read from a pipe is held in memory
SOURCE = "USDA National Nutrient Database for Standard Reference, Release 28 (public domain)"


class FoodTableError(Exception):
    """A food table that cannot be used, with the file, line and column at fault."""

    def __init__(self, path, message: str, line: int | None = None, column: str | None = None):
        self.path, self.line, self.column = str(path), line, column
        where = show_path(self.path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


def default_path() -> Path:
    """The table shipped with bplanner."""
    return data_file("foods.csv")


def _sniff(path: Path, head: bytes | None = None) -> None:
    """Reject what is plainly not a CSV text file before pandas sees it."""
    if head is None:
        if not os.path.exists(path):
            raise FoodTableError(path, "no such file")
        if os.path.isdir(path):
            raise FoodTableError(path, "is a folder, not a CSV file")
        try:
            with open(path, "rb") as fh:
                head = fh.read(8192)
        except OSError as exc:
            raise FoodTableError(path, f"cannot be read ({exc.strerror})") from exc
    if not head.strip():
        raise FoodTableError(path, "is empty; expected a CSV table with a header line")
    if b"\x00" in head:
        raise FoodTableError(path, "is a binary file, not a CSV text file")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a cut multi-byte character at the end is fine
            raise FoodTableError(path, "is not UTF-8 text; save it as CSV (UTF-8)") from exc
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first in (b"{", b"["):
        raise FoodTableError(path, "is JSON, not a CSV table; save the food table as CSV", line=1)
    if first == b"<":
        raise FoodTableError(path, "is HTML or XML, not a CSV table; save it as CSV", line=1)
    header = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    for sep, name in ((b";", "semicolons"), (b"\t", "tabs")):
        if b"," not in header and sep in header:
            raise FoodTableError(
                path,
                f"is separated by {name}; bplanner reads comma-separated tables: save it "
                "as CSV (comma-delimited, UTF-8)",
                line=1,
            )


def _read(path: Path, source=None) -> pd.DataFrame:
    try:
        return pd.read_csv(
            path if source is None else source,
            dtype={c: "string" for c in (*TEXT_COLUMNS, *LIST_COLUMNS, *OPTIONAL_TEXT_COLUMNS)},
            keep_default_na=False,
            na_values={c: [""] for c in (*AMOUNT_COLUMNS, *GRAM_COLUMNS, "portion_pieces",
                                         *FLAG_COLUMNS)},
        )
    except pd.errors.ParserError as exc:
        detail = " ".join(str(exc).split())  # pandas ends its message with a newline
        match = re.search(r"line (\d+)", detail)
        line = int(match.group(1)) if match else None
        fields = re.search(r"Expected (\d+) fields in line \d+, saw (\d+)", detail)
        if fields:
            detail = (
                f"{fields.group(2)} cells where the header has {fields.group(1)}; "
                "a cell holding a comma must be in double quotes"
            )
        else:
            detail = f"not a valid CSV table ({detail[:80]})"
        raise FoodTableError(path, detail, line=line) from exc
    except UnicodeDecodeError as exc:
        raise FoodTableError(path, "is not UTF-8 text; save it as CSV (UTF-8)") from exc
    except pd.errors.EmptyDataError as exc:
        raise FoodTableError(path, "is empty; expected a CSV table with a header line") from exc


def _first_bad(path: Path, mask, column: str, message: str) -> None:
    """Raise ``message`` at the first row where ``mask`` (a Series or an array) is true."""
    mask = mask.to_numpy() if isinstance(mask, pd.Series) else mask
    if mask.any():
        raise FoodTableError(path, message, line=int(mask.argmax()) + 2, column=column)


def validate(df: pd.DataFrame, path) -> pd.DataFrame:
    """Check columns, types, ranges and unique ids; return the typed table."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        if len(df.columns) == 1 and len(COLUMNS) > 1:
            raise FoodTableError(
                path, "is not a comma-separated table with bplanner's columns", line=1
            )
        if len(missing) == len(COLUMNS):
            raise FoodTableError(
                path,
                f"the header line names none of a food table's columns ({', '.join(COLUMNS)})",
                line=1,
            )
        extra = [str(c)[:30] for c in df.columns if c not in COLUMNS]
        more = f" and {len(extra) - 5} more" if len(extra) > 5 else ""
        found = f" (found instead: {', '.join(extra[:5])}{more})" if extra else ""
        raise FoodTableError(
            path,
            f"missing column(s) {', '.join(missing)}{found}; "
            f"a food table needs: {', '.join(COLUMNS)}",
            line=1,
            column=missing[0],
        )
    if df.empty:
        raise FoodTableError(path, "holds no foods: there is a header line but no rows below it")
    columns = list(COLUMNS)
    if "family" in df.columns:  # where the shipped table has it
        columns.insert(columns.index("familiar") + 1, "family")
    df = df.loc[:, columns].copy()
    for col in ("ndb", "name"):
        _first_bad(path, np.array([not (v and v.strip()) for v in _texts(df[col])]), col,
                   "empty value")
    for col in (*AMOUNT_COLUMNS, *GRAM_COLUMNS):
        parsed = df[col].dtype == "float64"  # the parser read every cell as a number
        if parsed:
            numbers = df[col]
        else:
            numbers = pd.to_numeric(df[col], errors="coerce")
            bad = numbers.isna() & df[col].notna()
            if bad.any():
                pos = int(bad.to_numpy().nonzero()[0][0])
                raise FoodTableError(
                    path, f"not a number: {quote(df[col].iloc[pos])}", line=pos + 2, column=col
                )
        values = numbers.to_numpy(dtype="float64", na_value=np.nan)
        bad = np.isinf(values)
        if bad.any():
            pos = int(bad.argmax())
            raw = df[col].iloc[pos]
            shown = f" {quote(raw)}" if isinstance(raw, str) else ""  # the parser's inf hides 1e400
            raise FoodTableError(
                path,
                f"not a finite number{shown}: inf, nan and values beyond 1.8e308 (such as 1e400) "
                "are not amounts",
                line=pos + 2,
                column=col,
            )
        _first_bad(path, values < 0, col, "negative amount")
        _first_bad(
            path,
            values > MAX_AMOUNT[col],
            col,
            f"more than {MAX_AMOUNT[col]:g} per 100 g cannot be right"
            if col not in GRAM_COLUMNS
            else f"a portion of more than {MAX_AMOUNT[col]:g} g cannot be right",
        )
        if not parsed:
            df[col] = values
    for col, what in (("racc_grams", "reference amount"), ("portion_grams", "portion weight")):
        _first_bad(path, df[col].isna(), col, f"empty {what}")
        _first_bad(path, df[col] <= 0, col, f"{what} must be above 0 g")
    pieces = pd.to_numeric(df["portion_pieces"], errors="coerce")
    _first_bad(path, pieces.isna() | (pieces < 0) | (pieces != pieces.round()), "portion_pieces",
               f"must be a whole number of pieces, 0 to {MAX_PIECES}")
    _first_bad(path, pieces > MAX_PIECES, "portion_pieces",
               f"more than {MAX_PIECES} pieces in a portion cannot be right; "
               f"accepted: a whole number, 0 to {MAX_PIECES}")
    df["portion_pieces"] = pieces.astype("int64")
    for col in FLAG_COLUMNS:
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype="float64",
                                                                    na_value=np.nan)
        _first_bad(path, (values != 0) & (values != 1), col, "must be 0 or 1")
        df[col] = values.astype(bool)
    dup = df["ndb"].duplicated(keep="first")
    if dup.any():
        pos = int(dup.to_numpy().nonzero()[0][0])
        first = int((df["ndb"] == df["ndb"].iloc[pos]).to_numpy().nonzero()[0][0])
        raise FoodTableError(
            path,
            f"duplicate id {quote(df['ndb'].iloc[pos])} (first on line {first + 2})",
            line=pos + 2,
            column="ndb",
        )
    for col in OPTIONAL_TEXT_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    for col in (*TEXT_COLUMNS, *LIST_COLUMNS, *OPTIONAL_TEXT_COLUMNS):
        texts = _texts(df[col])
        if not "".join(texts).isprintable():  # kept as printed: an escape sequence or a
            texts = np.array([visible(v) for v in texts], dtype=object)  # newline is shown
        df[col] = pd.Series(texts, index=df.index, dtype=object)
    from bplanner.courses import COURSE_MEALS

    _first_bad(path, ~df["course"].isin(list(COURSE_MEALS)), "course",
               f"unknown course; accepted: {', '.join(COURSE_MEALS)}")
    return df.reset_index(drop=True)


def _texts(column: pd.Series) -> np.ndarray:
    """A text column as Python strings, a missing cell as ""."""
    return column.to_numpy(dtype=object, na_value="")


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> pd.DataFrame:
    p = Path(path)
    _sniff(p)
    return validate(_read(p), p)


def _read_stream(path: Path) -> bytes:
    """Read a pipe, FIFO or /dev/stdin once, without hanging on a FIFO nobody writes to.

    The FIFO is opened non-blocking (opening for reading never waits for a writer) and then
    read blocking: with no writer that is an immediate end of file, an empty table.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FoodTableError(path, f"cannot be read ({exc.strerror})") from exc
    try:
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_PIPE_BYTES:
                raise FoodTableError(path, f"holds more than {MAX_PIPE_BYTES:,} bytes")
            chunks.append(chunk)
    except OSError as exc:
        raise FoodTableError(path, f"cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    if not chunks:
        raise FoodTableError(
            path,
            "the pipe gave no data (nothing writes to it, or the writer sent nothing); "
            "start the program that writes to it first, or give a file",
        )
    return b"".join(chunks)


def load_foods(path: str | Path | None = None) -> pd.DataFrame:
    """Load and validate a food table (the shipped one by default).

    ``path`` may be a pipe, a FIFO or ``/dev/stdin``: it is read once, as it comes.
    Raises FoodTableError naming the file, line and column of the first problem.
    """
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_foods() path must be a str or Path, got {type(path).__name__}")
    p = Path(path) if path is not None else default_path()
    try:
        st = os.stat(p)
    except OSError as exc:
        _sniff(p)  # raises the clear error
        raise FoodTableError(p, f"cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        data = _read_stream(p)
        _sniff(p, data[:8192])
        return validate(_read(p, io.BytesIO(data)), p)
    return _load_cached(str(p.resolve()), st.st_mtime).copy()


def _holds(cells: pd.Series, item: str) -> pd.Series:
    """Whether each semicolon-separated list cell holds ``item`` (vectorised)."""
    return cells.str.contains(rf"(?:^|;){re.escape(item)}(?:;|$)", regex=True)


PER_CHOICES = ("portion", "100g", "100kcal")


def per_portion(df: pd.DataFrame, vitamin: str) -> pd.Series:
    """Amount of a vitamin in one portion (``portion_grams``; NaN where USDA has no value)."""
    return df[VITAMINS[vitamin].column] * df["portion_grams"] / 100.0


def per_racc(df: pd.DataFrame, vitamin: str) -> pd.Series:
    """Amount of a vitamin in the reference amount (``racc_grams``): FDA's basis for tags."""
    return df[VITAMINS[vitamin].column] * df["racc_grams"] / 100.0


def amount_per(df: pd.DataFrame, vitamin: str, per: str = "portion") -> pd.Series:
    """A vitamin per portion, per 100 g or per 100 kcal (NaN where energy is 0 or missing)."""
    column = df[VITAMINS[vitamin].column]
    if per == "portion":
        return per_portion(df, vitamin)
    if per == "100g":
        return column.astype("float64")
    if per == "100kcal":
        energy = df["energy_kcal"].where(df["energy_kcal"] > 0)
        return column / energy * 100.0
    raise ValueError(f"unknown basis {per!r}; accepted: {', '.join(PER_CHOICES)}")


def find_foods(
    foods: pd.DataFrame,
    *,
    vitamins=(),
    diet: str | None = None,
    groups=(),
    exclude_allergens=(),
    text: str | None = None,
    exclude_text=(),
    fortified: bool | None = None,
    everyday_only: bool = False,
    staples_only: bool = False,
) -> pd.DataFrame:
    """Foods that match every filter; ``vitamins`` keeps foods that supply any of them;
    ``staples_only``: the staple pool (column ``familiar``), the planner's default.

    A food "supplies" a vitamin when its reference amount (RACC) gives at least 10% of
    its Daily Value (FDA's "good source" rule), as recorded in the ``supplies`` column.
    """
    mask = pd.Series(True, index=foods.index)
    if diet is not None:
        mask &= foods[f"diet_{diet}"]
    if groups:
        wanted = {g.lower() for g in groups}
        mask &= foods["food_group"].str.lower().isin(wanted)
    for allergen in exclude_allergens:
        mask &= ~_holds(foods["allergens"], allergen)
    if text:
        mask &= foods["name"].str.contains(text, case=False, regex=False)
    for t in exclude_text:
        mask &= ~foods["name"].str.contains(t, case=False, regex=False)
    if fortified is not None:
        mask &= foods["fortified"] == fortified
    if everyday_only:
        mask &= foods["everyday"]
    if staples_only:
        mask &= foods["familiar"]
    if vitamins:
        held = [_holds(foods["supplies"], VITAMINS[v].label) for v in vitamins]
        mask &= pd.concat(held, axis=1).any(axis=1)
    return foods[mask]


def rank(foods: pd.DataFrame, vitamin: str, per: str = "portion") -> pd.DataFrame:
    """Foods by amount of ``vitamin`` per portion (or per 100 g, per 100 kcal), highest
    first; name breaks ties. ``_pct`` is the % Daily Value of one portion."""
    from bplanner.targets import daily_value

    out = foods.assign(
        _amount=amount_per(foods, vitamin, per),
        _pct=per_portion(foods, vitamin) / daily_value(vitamin) * 100,
    )
    return out.sort_values(["_amount", "name"], ascending=[False, True], na_position="last")


def lookup(foods: pd.DataFrame, query: str) -> pd.DataFrame:
    """Foods matching an NDB number exactly, else every word of the text in the name."""
    q = query.strip()
    if q.isdigit():
        hit = foods[foods["ndb"] == q.zfill(5)]
        if len(hit):
            return hit
    words = q.lower().split()
    if not words:
        return foods.iloc[0:0]
    names = foods["name"].str.lower()
    mask = pd.Series(True, index=foods.index)
    for w in words:
        mask &= names.str.contains(w, regex=False)
    return foods[mask]


def near_query(foods: pd.DataFrame, query: str) -> str | None:
    """For a query no food matches ("chiken"), the query with each word no name holds
    replaced by the closest word of the names ("chicken"), when that finds a food;
    else None. For a "did you mean" (``bplanner.text.close_names``)."""
    import re

    from bplanner.text import close_names

    words = query.lower().split()
    if not words or query.strip().isdigit():
        return None
    names = foods["name"].str.lower()
    vocabulary = sorted({w for n in names for w in re.findall(r"[a-z][a-z'-]+", n)})
    fixed = []
    for w in words:
        if names.str.contains(w, regex=False).any():
            fixed.append(w)
            continue
        swapped = [v for v in vocabulary if len(v) == len(w) and sorted(v) == sorted(w)]
        close = swapped[:1] or (close_names(w, vocabulary, n=1, cutoff=0.8) if len(w) < 40
                                else [])
        if not close:
            return None
        fixed.append(close[0])
    near = " ".join(fixed)
    return near if near != " ".join(words) and len(lookup(foods, near)) else None
