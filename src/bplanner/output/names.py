"""Short food names for tables that fit the terminal: short, and never alike.

A USDA name is a list of parts from the kind of food to its form ("Fish, salmon,
Atlantic, farmed, cooked, dry heat"). Cut at a fixed width, names of one kind read
alike ("Cereals ready-to-eat, K…" five times) and lose the words a person buys by.
``short_names`` shortens a column of names together, each within ``limit`` characters:

1. a name that fits is left as it is;
2. otherwise generic words go first: the heads USDA files foods under ("Cereals
   ready-to-eat" -> "Cereal"; "Beverages", "USDA Commodity", "Fish" before the fish's
   name), a maker named twice ("KELLOGG, KELLOGG'S ALL-BRAN" -> "KELLOGG'S ALL-BRAN");
3. then the parts the other names of the same kind share ("raw" when every salmon shown
   is raw), keeping the parts that tell a name from its neighbours ("wild", "farmed"),
   in USDA's order; a name with parts left out ends in "…";
4. a part still too long is cut, a brand moved behind what it makes ("ALL-BRAN
   COMPLETE Wheat Flakes, Kellogg's"), so the words that differ come first;
5. two names that would still read alike are shown from where they differ.

A trailing tag (" [fortified]") is kept whole. ``--wide`` shows the names as USDA gives
them; the NDB number beside a name finds it with ``bplanner show``.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_TAG = re.compile(r"\s\[[^\]]*\]$")
# USDA heads that file a food rather than name it: shortened, or left out when the
# rest of the name says what the food is
_HEADS = {
    "cereals ready-to-eat": "Cereal",
    "beverages": "",
    "usda commodity": "",
    "fish": "",
    "alcoholic beverage": "Alcoholic",
    "game meat": "",
}
_BRAND = re.compile(r"^([A-Z][A-Za-z.&-]*'S)\s+(.+)$")  # KELLOGG'S ..., CAMPBELL'S ...


def _parts(name: str) -> list[str]:
    """The comma-separated parts of a name; a name of no words (" ,") is one part."""
    return [p.strip() for p in name.split(",") if p.strip()] or [name]


def compact(name: str) -> list[str]:
    """The parts of a name with USDA's filing words left out (rule 2)."""
    parts = _parts(name)
    if len(parts) > 1 and parts[0].lower() in _HEADS:
        head = _HEADS[parts[0].lower()]
        parts = ([head] if head else []) + parts[1:]
        if parts and not head:
            parts[0] = parts[0][:1].upper() + parts[0][1:]
    out: list[str] = []
    for i, part in enumerate(parts):
        later = parts[i + 1] if i + 1 < len(parts) else ""
        if later.upper().startswith(part.upper()) and part.isupper():  # KELLOGG, KELLOGG'S
            continue
        out.append(part)
    return out or parts


def _brand_last(part: str) -> str:
    """ "KELLOGG'S ALL-BRAN COMPLETE Wheat Flakes" -> "ALL-BRAN COMPLETE Wheat Flakes,
    Kellogg's": what the maker makes first (rule 4)."""
    found = _BRAND.match(part)
    if not found or len(found.group(1)) < 3 or found.group(2)[:1].islower():
        return part
    brand = " ".join(w.capitalize() for w in found.group(1).lower().split())
    return f"{found.group(2)}, {brand}"


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip(" ,;(-") + ELLIPSIS


def _join(parts: list[str], keep, dropped: bool, limit: int) -> str:
    shown = ", ".join(parts[j] for j in sorted(keep))
    if dropped:
        return _cut(shown, limit - 1).rstrip(ELLIPSIS) + ELLIPSIS
    return _cut(shown, limit)


def _fit(parts: list[str], limit: int, rarity: list[float], rarest_first: bool) -> str:
    """The first part and as many others as fit: in USDA's order, passing over those every
    name of its kind shares (rule 3); or, for names that would read alike, the rarest
    first, shown in USDA's order."""
    whole = ", ".join(parts)
    if len(whole) <= limit:
        return whole
    keep = [0]
    order = (sorted(range(1, len(parts)), key=lambda k: (-rarity[k], k)) if rarest_first
             else [k for k in range(1, len(parts)) if rarity[k] > 0])
    dropped = len(order) < len(parts) - 1
    parts = list(parts)
    for k in order:
        trial = ", ".join(parts[j] for j in sorted([*keep, k]))
        if len(trial) + 1 <= limit:  # room for the "…" of a part left out
            keep.append(k)
            continue
        dropped = True
        if not rarest_first:
            break
        spare = limit - 1 - len(", ".join(parts[j] for j in keep)) - 2
        if spare >= 3:  # a part that tells it apart goes in cut rather than not at all
            parts[k] = _cut(parts[k], spare)
            keep.append(k)
    if len(keep) == 1 and order and len(parts[0]) + 6 < limit:
        # not even the first part that tells it apart fits whole: it is cut, a brand
        # moved behind its product (rule 4)
        room = limit - len(parts[0]) - 2
        return f"{parts[0]}, {_cut(_brand_last(parts[order[0]]), room)}"
    return _join(parts, keep, dropped, limit)


def _from_difference(name: str, others: list[str], limit: int) -> str:
    """``name`` as its first part, then the rest from the word where it first differs from
    ``others`` (rule 5): "Cereal, …COMPLETE Wheat Flakes"."""
    parts = compact(name)
    text = ", ".join(parts)
    low = text.lower()
    at = 0
    for other in others:
        o = ", ".join(compact(other)).lower()
        same = next((i for i, (a, b) in enumerate(zip(low, o)) if a != b), min(len(low), len(o)))
        at = max(at, same)
    at = max(low.rfind(" ", 0, at) + 1, low.rfind(",", 0, at) + 1)  # from the word's start
    head = parts[0]
    if at > len(head) + 2 and len(head) + 6 <= limit:
        return _cut(f"{head}, {ELLIPSIS}{text[at:]}", limit)
    # the difference is in the first part (or it is long): its first word, then from there
    first = text.find(" ")
    if 0 < first < at and first + 6 <= limit:
        return _cut(f"{text[:first]} {ELLIPSIS}{text[at:]}", limit)
    return _cut(text[at:] if at else text, limit)


def short_names(names: list[str], limit: int) -> list[str]:
    """Each name in at most ``limit`` characters; names that differ are shown differently
    wherever ``limit`` leaves room to (rules 1-5 above)."""
    tags = [_TAG.search(n) for n in names]
    bare = [n[: m.start()] if m else n for n, m in zip(names, tags)]
    tag = [m.group(0) if m else "" for m in tags]
    parts = [compact(b) for b in bare]
    heads: dict[str, list[int]] = {}
    for i, p in enumerate(parts):
        heads.setdefault(p[0].lower(), []).append(i)
    def room(i):
        """Characters for the name itself, and the tag kept whole where it leaves 8 (the
        mark says B vitamins were added: it matters more than the name's last words)."""
        keep = bool(tag[i]) and len(tag[i]) + 8 <= limit
        return (limit - len(tag[i]), tag[i]) if keep else (limit, "")

    def rarity(i, among):
        """For each part of name i, the share of the names ``among`` without it."""
        return [1 - sum(1 for j in among if part.lower() in lowered[j]) / len(among)
                for part in parts[i]]

    lowered = [{x.lower() for x in p} for p in parts]
    out = []
    for i, name in enumerate(names):
        if len(name) <= limit:
            out.append(name)
            continue
        siblings = heads[parts[i][0].lower()]
        width, suffix = room(i)
        share = rarity(i, siblings) if len(siblings) > 1 else [1.0] * len(parts[i])
        out.append(_fit(parts[i], width, share, rarest_first=False) + suffix)
    # names that read alike: the parts that tell them apart first, then those that tell
    # them from the rest of their kind
    for group in _alike(out):
        for i in group:
            if out[i] != names[i]:
                width, suffix = room(i)
                apart = rarity(i, group)
                kind = rarity(i, heads[parts[i][0].lower()])
                score = [a + k / 10 for a, k in zip(apart, kind)]
                out[i] = _fit(parts[i], width, score, rarest_first=True) + suffix
    # rule 5: names still alike are shown from where they differ
    for _ in range(4):  # rule 5, until no two read alike (or nothing changes)
        before = list(out)
        for group in _alike(out):
            for i in group:
                if len(names[i]) <= limit:
                    continue
                others = [bare[j] for j in group if j != i and bare[j].lower() != bare[i].lower()]
                if others:
                    width, suffix = room(i)
                    out[i] = _from_difference(bare[i], others, width) + suffix
        if out == before:
            break
    return [o if len(o) <= limit else _cut(o, limit) for o in out]


def _alike(shown: list[str]) -> list[list[int]]:
    """Groups of positions whose names read the same (case and a final "…" aside)."""
    seen: dict[str, list[int]] = {}
    for i, text in enumerate(shown):
        seen.setdefault(text.lower().replace(ELLIPSIS, ""), []).append(i)
    return [group for group in seen.values() if len(group) > 1]
