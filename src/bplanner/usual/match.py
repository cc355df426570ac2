"""Finding the USDA food a person means, without a silent guess.

The rule (documented in the README, "What I already eat"):

* a USDA number ("1077", "01077") matches that food exactly, or nothing;
* text is split into words (lower case, singular, any order; the small words
  a, an, and, or, of, the, in, on, to, from, for, by are ignored, and so is
  punctuation: "hard-boiled" is "hard boiled"). The candidates are the foods
  whose name holds every word;
* one candidate: it is taken. Several: one is taken when it **clearly
  leads**, i.e. it is the only candidate whose name has no word beyond the ones
  written ("bananas raw" takes "Bananas, raw" over "Pepper, banana, raw"); else
  **the everyday food people mean**: the first of the candidates in the staple pool
  (``data/staples.csv``, column ``familiar``): a name that starts with the words first,
  then USDA's WWEIA category order, which files the plain food before its flavoured and
  mixed forms ("milk" is whole milk, "chicken breast" roasted chicken breast), and the
  report says which food was
  taken and how to choose another (its USDA number, or more words).
  Otherwise nothing is taken and the candidates are shown with their numbers,
  closest first: names that start with the words written (USDA puts the food
  first: "Milk, whole, ..."), then foods eaten as such (everyday and familiar in the
  US diet: cow's milk before dried buttermilk, sheep's or human milk), then the share
  of the name's words written;
* no candidate: the nearest names are shown, those holding the most words
  written or words spelled alike (difflib, ratio 0.75).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pandas as pd

from bplanner.table.measures import singular

STOP_WORDS = frozenset({"a", "an", "and", "or", "of", "the", "in", "on", "to", "from", "for", "by"})
SHOWN = 5  # candidates or nearest names shown in a message
CLOSE = 0.75  # difflib ratio for "spelled alike"


_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> tuple[str, ...]:
    """A name or a query as comparable words."""
    return tuple(singular(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


@dataclass(frozen=True)
class FoodMatch:
    """The food taken for a text: its row position, and how it was found."""

    position: int
    ndb: str
    name: str
    how: str  # "number", "text" or "staple" (the everyday food of several)
    candidates: int = 1  # foods whose name holds every word (1 for a number)
    others: tuple[tuple[str, str], ...] = ()  # "staple": the next candidates (ndb, name)


@dataclass
class MatchError(Exception):
    """No food taken: why, and the foods to choose from (ndb, name)."""

    reason: str  # "no_number", "ambiguous", "not_found", "empty"
    message: str
    choices: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class FoodIndex:
    """The words of every food name in a table, built once per table."""

    def __init__(self, foods: pd.DataFrame):
        self.ndbs = foods["ndb"].astype(str).tolist()
        self.names = foods["name"].astype(str).tolist()
        self.by_ndb = {n: i for i, n in enumerate(self.ndbs)}
        self.words = [frozenset(words(n)) for n in self.names]
        self.heads = [frozenset(words(n.split(",", 1)[0])) for n in self.names]
        # foods a person eats as such (everyday and familiar in the US diet) are shown
        # first among the candidates; a table without the columns ranks every food alike
        everyday = [True] * len(self.names)
        for column in ("everyday", "familiar"):
            if column in foods:
                everyday = [a and bool(b) for a, b in zip(everyday, foods[column])]
        self.everyday = everyday
        # the staple pool: the foods people eat, taken for a plain word (a table without
        # the column has none, and a plain word that fits several foods is refused)
        self.staple = ([bool(b) for b in foods["familiar"]] if "familiar" in foods
                       else [False] * len(self.names))
        # among staples, USDA's WWEIA category order: the plain food (1002 whole milk)
        # comes before its flavoured and mixed forms (1202 flavored milk, 3xxx dishes)
        from bplanner.table.staples import staples

        known = staples()
        self.category = [int(known[n].wweia_code) if n in known else 99999 for n in self.ndbs]
        self.holding: dict[str, set[int]] = {}  # word -> foods whose name holds it
        for i, name_words in enumerate(self.words):
            for w in name_words:
                self.holding.setdefault(w, set()).add(i)
        self._vocabulary: list[str] | None = None

    def candidates(self, want: frozenset) -> list[int]:
        """Foods whose name holds every word of ``want``, in table order (indexed: the
        smallest word's foods, narrowed by the others)."""
        sets = sorted((self.holding.get(w, set()) for w in want), key=len)
        if not sets or not sets[0]:
            return []
        found = set(sets[0])
        for other in sets[1:]:
            found &= other
            if not found:
                return []
        return sorted(found)

    def match(self, text: str, suggest: bool = True) -> FoodMatch:
        """The one food a text means, or MatchError with the choices.

        ``suggest=False`` leaves the nearest names out of a "not found" error (they are the
        costly part): a long diary suggests them for its first few unmatched lines only.
        """
        q = (text or "").strip()
        if not q:
            raise MatchError("empty", "no food; write a USDA number (e.g. 01077) or its name")
        if q.isdigit():
            ndb = q.zfill(5)
            if ndb in self.by_ndb:
                i = self.by_ndb[ndb]
                return FoodMatch(i, ndb, self.names[i], "number")
            raise MatchError("no_number", f"no food with USDA number {ndb} in the food table")
        want = frozenset(words(q))
        if not want:
            raise MatchError("empty", f'"{q}" holds no word to look up; write a name or number')
        found = self.candidates(want)
        if not found:
            near = self.nearest(want) if suggest else []
            listed = _listing([(self.ndbs[i], self.names[i]) for i in near])
            raise MatchError(
                "not_found",
                f'no food name holds every word of "{q}"'
                + (f"; nearest: {listed}" if near else "; write the USDA number"),
                [(self.ndbs[i], self.names[i]) for i in near],
            )
        if len(found) == 1:
            i = found[0]
            return FoodMatch(i, self.ndbs[i], self.names[i], "text", 1)
        exact = [i for i in found if self.words[i] == want]
        if len(exact) == 1:
            i = exact[0]
            return FoodMatch(i, self.ndbs[i], self.names[i], "text", len(found))
        ranked = sorted(found, key=lambda i: self._rank(i, want))
        choices = [(self.ndbs[i], self.names[i]) for i in ranked]
        staples = sorted((i for i in ranked if self.staple[i]),
                         key=lambda i: (not self.heads[i] <= want, self.category[i]))
        if staples:  # the everyday food people mean, said so in the report
            i = staples[0]
            others = tuple(c for c in choices if c[0] != self.ndbs[i])[:SHOWN - 1]
            return FoodMatch(i, self.ndbs[i], self.names[i], "staple", len(found), others)
        more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
        raise MatchError(
            "ambiguous",
            f'"{q}" fits {len(found)} foods: {_listing(choices[:SHOWN])}{more}; '
            "write the USDA number, or more words of the name",
            choices,
        )

    def _rank(self, i: int, want: frozenset) -> tuple:
        headed = self.heads[i] <= want
        return (not headed, not self.staple[i], not self.everyday[i],
                -len(want & self.words[i]) / len(self.words[i]), self.names[i])

    def nearest(self, want: frozenset) -> list[int]:
        """Foods holding the most words written or spelled alike; ranked as candidates are."""
        if self._vocabulary is None:
            self._vocabulary = sorted(set().union(*self.words)) if self.words else []
        alike: dict[str, set[str]] = {}
        for w in want:
            alike[w] = {w, *difflib.get_close_matches(w, self._vocabulary, n=5, cutoff=CLOSE)}
        every = set().union(*alike.values())
        scored = []
        for i, name_words in enumerate(self.words):
            hits = sum(1 for w in want if alike[w] & name_words)
            if hits:
                headed = self.heads[i] <= every
                share = len(every & name_words) / len(name_words)
                scored.append((-hits, not headed, -share, self.names[i], i))
        scored.sort()
        return [s[-1] for s in scored[:SHOWN]]


def _listing(choices: list[tuple[str, str]]) -> str:
    return "; ".join(f"{ndb} {name}" for ndb, name in choices)
