"""The course of a food, from its USDA food group and name: a rule of the food table.

Everything here is a pure function of the food group and the name (vectorised over a
table in ``courses``), so the rule is documented once and tested on real names; the
courses and the meals they go to are ``bplanner.courses``.
"""

from __future__ import annotations

import re

import pandas as pd


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_MILK = _rx(r"^milk\b|\bmilk, (fluid|whole|reduced|lowfat|nonfat|fat free|buttermilk)|"
            r"^soymilk|^silk\b|soy ?milk|^beverages?, (almond|rice|oat|coconut|soy)|"
            r"almond milk|rice milk|\brice drink\b|oat milk|^buttermilk|^kefir|"
            r"^vitasoy|milk substitute|chocolate milk")
_JUICE = _rx(r"\bjuice\b|\bnectar\b")
_YOGURT = _rx(r"\byogurt\b|\bkefir\b")
_CHEESE = _rx(r"^cheese\b|\bcottage cheese\b|^cheese spread|\bcheese food\b")
_EGG = _rx(r"^eggs?\b|^egg,|\begg substitute\b|\bomelet")
_BREAKFAST_MEAT = _rx(r"\bbacon\b|breakfast sausage|\bbreakfast strips\b|\bham\b")
_BREAKFAST_BREAD = _rx(r"^(pancakes?|waffles?|french toast|muffins?|toaster pastr|crepes?)\b|"
                       r"\bbagels?\b|\bcroissants?\b|\bdanish\b|\bdoughnuts?\b|\bsweet rolls?\b")
_BREAD = _rx(r"^(bread|rolls?|english muffins?|biscuits?|pita|tortillas?)\b|\bbread\b")
_CRACKER = _rx(r"\bcrackers?\b|\bmelba\b|rice cakes?|\bpretzels?\b|\bcrispbread\b")
_STARCH_BAKED = _rx(r"^tortillas?\b|\btaco shells?\b|\bpizza\b|\bstuffing\b|\bdumpling")
_SPREAD = _rx(r"peanut butter|\bnut butter\b|almond butter|\btahini\b|sesame butter|"
              r"yeast extract spread|\bhummus\b")
_HOT_CEREAL = _rx(r"\boat(meal|s)\b|\bfarina\b|\bgrits\b|cream of (wheat|rice)|"
                  r"malt-o-meal|\bporridge\b")
_SOYMILK_OR_TOFU_DRINK = _rx(r"soymilk|soy milk|^silk\b|^vitasoy|bean beverage")
_POTATO = _rx(r"^potato(es)?\b|\bsweet potato")

_GROUP_COURSE = {
    "Breakfast Cereals": "cereal",
    "Vegetables and Vegetable Products": "vegetable",
    "Fruits and Fruit Juices": "fruit",
    "Nut and Seed Products": "nuts",
    "Legumes and Legume Products": "main",
    "Beef Products": "main",
    "Pork Products": "main",
    "Poultry Products": "main",
    "Lamb, Veal, and Game Products": "main",
    "Finfish and Shellfish Products": "main",
    "Sausages and Luncheon Meats": "main",
    "Meals, Entrees, and Side Dishes": "main",
    "Soups, Sauces, and Gravies": "main",
    "Fast Foods": "main",
    "Restaurant Foods": "main",
    "American Indian/Alaska Native Foods": "main",
    "Cereal Grains and Pasta": "starch",
    "Snacks": "snack",
    "Beverages": "drink",
    "Dairy and Egg Products": "milk",
    "Baked Products": "bread",
    "Fats and Oils": "none",
    "Sweets": "none",
    "Spices and Herbs": "none",
    "Baby Foods": "none",
}


def course(food_group: str, name: str) -> str:
    """The course of one food (see the module docstring); "none" for no meal.

    Rule, first match wins: fats, oils, sweets, spices and baby foods -> none; plant
    and dairy milks, soymilk -> milk; juices -> juice;
    yogurt and kefir -> yogurt; cheese -> cheese; eggs -> egg; bacon, ham and
    breakfast sausage -> breakfast meat; peanut and nut butters, tahini, hummus and
    yeast extract spread -> spread; then by USDA group: breakfast cereals -> cereal,
    with hot cereals (oatmeal, farina, grits) filed elsewhere too; baked products ->
    breakfast bread (pancakes, waffles, muffins, bagels), crackers, starch (tortillas,
    pizza) or bread; grains and pasta -> starch (oats -> cereal); dairy otherwise
    (cream, whey) -> milk only when the name says milk, else none; the other groups
    by ``_GROUP_COURSE``.
    """
    if food_group in ("Fats and Oils", "Sweets", "Spices and Herbs", "Baby Foods"):
        return "none"
    if _MILK.search(name) or (_SOYMILK_OR_TOFU_DRINK.search(name)):
        return "milk" if not _YOGURT.search(name) else "yogurt"
    if _JUICE.search(name):
        return "juice"
    if _YOGURT.search(name):
        return "yogurt"
    if _CHEESE.search(name) and food_group in ("Dairy and Egg Products",):
        return "cheese"
    if _EGG.search(name) and food_group in ("Dairy and Egg Products",):
        return "egg"
    if _BREAKFAST_MEAT.search(name) and food_group in (
        "Pork Products", "Sausages and Luncheon Meats", "Poultry Products", "Beef Products"
    ):
        return "breakfast_meat"
    if food_group == "Breakfast Cereals" or _HOT_CEREAL.search(name) and food_group in (
        "Cereal Grains and Pasta",
    ):
        return "cereal"
    if _SPREAD.search(name):
        return "spread"
    if food_group == "Baked Products":
        if _BREAKFAST_BREAD.search(name):
            return "breakfast_bread"
        if _CRACKER.search(name):
            return "cracker"
        if _STARCH_BAKED.search(name):
            return "starch"
        return "bread"
    if food_group == "Dairy and Egg Products":
        return "none"
    if food_group == "Vegetables and Vegetable Products" and _POTATO.search(name):
        return "vegetable"
    return _GROUP_COURSE.get(food_group, "main")


def courses(foods: pd.DataFrame) -> pd.Series:
    """The course of every food of a table (same index)."""
    return pd.Series(
        [course(g, n) for g, n in zip(foods["food_group"], foods["name"])],
        index=foods.index,
        dtype=object,
    )
