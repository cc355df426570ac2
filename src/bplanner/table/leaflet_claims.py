"""The leaflet's food-source claims, mapped to representative USDA foods (a table rule:
the ``leaflet_claims`` column of ``data/foods.csv``; ``advice.claims`` judges them).

The cyanocobalamin leaflet says, in plain words, which foods hold B1, B6, B9
and B12. A word such as "chicken" is not a food in USDA SR28, so each word is
pinned here to a few representative SR28 foods, chosen by one stated rule, so
that the claim can be checked against the data rather than taken on trust.

Representative rule: plain, common, as-eaten forms of the food: cooked where the
food is usually eaten cooked (roasted, braised, boiled), raw where it is usually
eaten raw; no breading, sauce or added salt where a plain form exists; and
unenriched, unfortified forms, so that the claim is judged on the food itself and
not on vitamins a manufacturer added. Fortified variants the leaflet does not
speak of are listed apart (FORTIFIED_VARIANTS) and never judge a claim.

NDB numbers were looked up in the SR28 names, not recalled; this module holds no
nutrient values.
"""

from __future__ import annotations

from dataclasses import dataclass

LEAFLET_TITLE = "Instructions for use CYANOCOBALAMIN"
# The heading under which the food list is printed (a sub-section of
# "Pharmacodynamics and pharmacokinetics").
LEAFLET_SECTION = "B vitamins in the form of injections"


@dataclass(frozen=True)
class Claim:
    """One leaflet claim: `word` (as printed) is a food source of `vitamin`."""

    vitamin: str  # key from bplanner.vitamins: thiamin, vitamin_b6, folate, vitamin_b12
    word: str  # the leaflet's word, as printed
    ndbs: tuple[str, ...]  # representative SR28 foods (5-digit NDB numbers)
    note: str = ""  # known reason where the data and the claim disagree


# Foods named for more than one vitamin share one tuple, so that a word always
# means the same foods whichever vitamin it is claimed for.
_CHICKEN = (
    "05064",  # Chicken, broilers or fryers, breast, meat only, cooked, roasted
    "05045",  # Chicken, broilers or fryers, dark meat, meat only, cooked, roasted
)
_LIVER = (
    "13326",  # Beef, variety meats and by-products, liver, cooked, braised
    "13327",  # Beef, variety meats and by-products, liver, cooked, pan-fried
    "05028",  # Chicken, liver, all classes, cooked, simmered
    "05661",  # Chicken, liver, all classes, cooked, pan-fried
)
_SHRIMP = ("15151",)  # Crustaceans, shrimp, mixed species, cooked, moist heat (may have ...)

_GRAINS_NOTE = (
    "Refined grains in the US are enriched with thiamin; the representatives are "
    "whole or unenriched grains so that the claim is judged on the grain itself."
)
_TOFU_NOTE = (
    "USDA SR28 measures 0 µg vitamin B12 in plain tofu: soybeans make no B12. The "
    "few branded tofus with a B12 value in SR28 (Nasoya Lite and Tofu Plus) have it "
    "added, so they are fortified variants the leaflet's claim does not speak of."
)
_KELP_NOTE = (
    "USDA SR28 measures 0 µg vitamin B12 in raw kelp. Algae hold mostly "
    "pseudovitamin B12, an analogue that is inactive in humans, so they are not a "
    "reliable B12 source (NIH ODS Vitamin B12 fact sheet)."
)

CLAIMS: tuple[Claim, ...] = (
    # B1 (thiamine) is found in chicken, liver and grains.
    Claim("thiamin", "chicken", _CHICKEN),
    Claim("thiamin", "liver", _LIVER),
    Claim(
        "thiamin",
        "grains",
        (
            "20037",  # Rice, brown, long-grain, cooked
            "08121",  # Cereals, oats, regular and quick, unenriched, cooked with water (...)
            "18075",  # Bread, whole-wheat, commercially prepared
        ),
        _GRAINS_NOTE,
    ),
    # B6 (pyridoxine) is found in eggs, shrimp, oysters, tuna, ham, chicken,
    # minced beef and lamb, liver, cottage cheese, cheese, and nuts.
    Claim(
        "vitamin_b6",
        "eggs",
        (
            "01129",  # Egg, whole, cooked, hard-boiled
            "01128",  # Egg, whole, cooked, fried
        ),
    ),
    Claim("vitamin_b6", "shrimp", _SHRIMP),
    Claim(
        "vitamin_b6",
        "oysters",
        (
            "15169",  # Mollusks, oyster, eastern, wild, cooked, moist heat
            "15246",  # Mollusks, oyster, eastern, farmed, cooked, dry heat
        ),
    ),
    Claim(
        "vitamin_b6",
        "tuna",
        (
            "15121",  # Fish, tuna, light, canned in water, drained solids
            "15126",  # Fish, tuna, white, canned in water, drained solids
        ),
    ),
    Claim(
        "vitamin_b6",
        "ham",
        (
            "07029",  # Ham, sliced, regular (approximately 11% fat)
            "10153",  # Pork, cured, ham, whole, separable lean only, roasted
        ),
    ),
    Claim("vitamin_b6", "chicken", _CHICKEN),
    Claim(
        "vitamin_b6",
        "minced beef and lamb",
        (
            "23575",  # Beef, ground, 80% lean meat / 20% fat, crumbles, cooked, pan-browned
            "17225",  # Lamb, ground, cooked, broiled
        ),
    ),
    Claim("vitamin_b6", "liver", _LIVER),
    Claim(
        "vitamin_b6",
        "cottage cheese",
        ("01012",),  # Cheese, cottage, creamed, large or small curd
    ),
    Claim("vitamin_b6", "cheese", ("01009",)),  # Cheese, cheddar
    Claim(
        "vitamin_b6",
        "nuts",
        (
            "12135",  # Nuts, mixed nuts, dry roasted, with peanuts, without salt added
            "12061",  # Nuts, almonds
            "12155",  # Nuts, walnuts, english
        ),
    ),
    # B9 (folic acid) contains greens, bananas, avocados.
    Claim(
        "folate",
        "greens",
        (
            "11458",  # Spinach, cooked, boiled, drained, without salt
            "11234",  # Kale, cooked, boiled, drained, without salt
            "11162",  # Collards, cooked, boiled, drained, without salt
            "11569",  # Turnip greens, cooked, boiled, drained, without salt
        ),
    ),
    Claim("folate", "bananas", ("09040",)),  # Bananas, raw
    Claim("folate", "avocados", ("09037",)),  # Avocados, raw, all commercial varieties
    # B12 (cyanocobalamin) contains salmon, liver, lamb, shrimp, sardines, cod,
    # tofu, kelp.
    Claim(
        "vitamin_b12",
        "salmon",
        (
            "15209",  # Fish, salmon, Atlantic, wild, cooked, dry heat
            "15237",  # Fish, salmon, Atlantic, farmed, cooked, dry heat
        ),
    ),
    Claim("vitamin_b12", "liver", _LIVER),
    Claim(
        "vitamin_b12",
        "lamb",
        (
            "17002",  # Lamb, domestic, composite of trimmed retail cuts, separable lean
            #           and fat, trimmed to 1/4" fat, choice, cooked
            "17012",  # Lamb, domestic, leg, whole (shank and sirloin), separable lean
            #           and fat, trimmed to 1/4" fat, choice, cooked, roasted
        ),
    ),
    Claim("vitamin_b12", "shrimp", _SHRIMP),
    Claim(
        "vitamin_b12",
        "sardines",
        ("15088",),  # Fish, sardine, Atlantic, canned in oil, drained solids with bone
    ),
    Claim(
        "vitamin_b12",
        "cod",
        (
            "15016",  # Fish, cod, Atlantic, cooked, dry heat
            "15192",  # Fish, cod, Pacific, cooked, dry heat (may have been previously frozen)
        ),
    ),
    Claim(
        "vitamin_b12",
        "tofu",
        (
            "16427",  # Tofu, raw, regular, prepared with calcium sulfate
            "16126",  # Tofu, firm, prepared with calcium sulfate and magnesium chloride (nigari)
            "16159",  # Tofu, extra firm, prepared with nigari
        ),
        _TOFU_NOTE,
    ),
    Claim("vitamin_b12", "kelp", ("11445",), _KELP_NOTE),  # Seaweed, kelp, raw
)

# (vitamin, word) -> fortified SR28 foods that carry the vitamin only because it
# was added. Shown for context; they never count towards a claim's verdict.
FORTIFIED_VARIANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("vitamin_b12", "tofu"): (
        "16210",  # Vitasoy USA, Nasoya Lite Firm Tofu
        "16272",  # Vitasoy USA Nasoya, Lite Silken Tofu
        "16273",  # Vitasoy USA Organic Nasoya, Tofu Plus Extra Firm
        "16274",  # Vitasoy USA Organic Nasoya, Tofu Plus Firm
    ),
}


def claims_by_food() -> dict[str, frozenset[str]]:
    """Map each representative NDB to the vitamin keys the leaflet claims for it.

    A food can be claimed for several vitamins (liver for B1, B6 and B12), which is
    why the values are sets; the food table stores them as one column.
    """
    out: dict[str, set[str]] = {}
    for claim in CLAIMS:
        for ndb in claim.ndbs:
            out.setdefault(ndb, set()).add(claim.vitamin)
    return {ndb: frozenset(keys) for ndb, keys in out.items()}
