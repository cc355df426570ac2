"""Which diets a food fits, decided from its USDA name and food group (build time).

A diet is a promise: a food is only placed in a restricted diet when its name
and group make clear it holds nothing the diet excludes. Uncertain foods are
left out of the restricted diets.

How a food is judged (``animal_sources``):

1. The name is lower-cased and *false friends* are masked first, so that
   "peanut butter", "soymilk", "eggplant", "cream of wheat", "butternut
   squash", "black turtle soup beans", "crab apples", "oyster mushrooms",
   "milkfish" (a fish), "LITTLE CAESARS" (pizza, not anchovy dressing) ...
   cannot trigger an animal rule.
2. Explicit word rules (word boundaries) add the animal categories a word
   names or implies: "gelatin"/"marshmallow"/"lard"/"rennin" -> meat,
   "worcestershire"/"caesar" -> fish (anchovy), "graham"/"granola" -> honey,
   "mayonnaise"/"noodles"/"breaded" -> egg, "chocolate"/"caramel" -> dairy ...
   Generic words ("meat", "broth", "gravy", "stock") add meat *and* poultry
   unless a species is named.
3. The food group and the kind of product add what it *may* contain:
   mixed dishes, soups, sauces, fast and restaurant food may hold meat or
   fish stock; breads and cakes milk and egg; pies, biscuits and flour
   tortillas lard; candies milk, egg, gelatin and shellac/carmine; flavoured
   yogurts, frosted cereals and cereal bars gelatin; wine isinglass, gelatin,
   casein and albumen. Short *safe lists* lift this doubt from plainly
   plant-only items (corn tortillas, salsa, plain chips, syrups...).
4. Meat analogues (MORNINGSTAR FARMS, WORTHINGTON, LOMA LINDA, GARDENBURGER,
   "meatless", "vegetarian") lose the flesh categories but may hold egg and
   milk, unless named "vegan".

Decisions worth knowing (documented, not hidden):

* "shellfish" covers crustaceans, molluscs (snails included) and other sea
  invertebrates (sea cucumber, jellyfish, tunicates); marine mammals (seal,
  whale, walrus, sea lion) are "meat"; frog and turtle are "other_animal".
* "honey" covers honey and other insect secretions taken without slaughter
  (beeswax, royal jelly, shellac / confectioner's glaze): allowed for every
  vegetarian diet, never vegan. Carmine/cochineal is "other_animal".
* Cheese counts as dairy; animal rennet in cheese is not tracked (names never
  say). Rennin/junket *desserts and tablets* do count as meat.
* Processing aids the names never mention are not tracked: bone-char sugar,
  lanolin-derived vitamin D3 in fortified cereals and juices, mono- and
  diglycerides. Vinegar (even wine vinegar) and distilled spirits count as
  plant foods; wine and unbranded beer do not (fining agents).
* "Non-dairy" does not mean milk-free in the US (caseinate is allowed), so
  non-dairy creamers, whipped toppings, imitation cheese and margarine count
  as dairy. Fresh and egg pasta, noodles other than rice/soba/somen/cellophane
  noodles count as egg; dry macaroni and spaghetti do not.
* Ready-to-eat cereals (a key B12 source for vegans) are judged here by their
  names alone: no animal ingredient and no known hidden one leaves them plant-only.
  The build then joins this reading with the allergen rules
  (``bplanner.table.flag_agreement``), which suspect milk (whey, milk powder, yogurt
  coatings) in ready-to-eat cereals: in the table they are therefore neither
  vegan nor ovo-vegetarian. Excluded by the names themselves: frosted
  cereals and every MINI-WHEATS but "unfrosted" (gelatin; Frosted Flakes
  excepted, its coating has none), marshmallow brands (LUCKY CHARMS, COUNT
  CHOCULA, BOO BERRY, KABOOM...), honey, graham, granola, muesli, KASHI, and
  cluster/nut cereals that are bound with honey (OATMEAL CRISP, BASIC 4,
  "...Clusters", pecan/almond crunch), SPECIAL K (whey), and cookie,
  chocolate, yogurt- or milk-coated cereals. Cereal bars are treated as bars.
* Beer is plant-only for BUDWEISER, BUD LIGHT and MICHELOB, which use no
  animal finings; other beer and all wine may be fined with isinglass or
  gelatin. Sake and spirits are plant-only.
* Yogurt that is flavoured or "light", frozen yogurt and light/fat-free sour
  cream may be set with gelatin (meat); plain yogurt may not.
* Fast and restaurant food, entrees and soups are omnivore-only unless the
  name is a clearly meatless dish (cheese pizza, macaroni and cheese, pancakes,
  sundaes, potato salad...), which may still hold milk and egg. French fries
  and hash browns stay omnivore-only (beef flavouring, shared fryers).
"""

from __future__ import annotations

import re

from bplanner.diets import SOURCES, fits

__all__ = ["SOURCES", "animal_sources", "diets_for"]


# --------------------------------------------------------------------------
# category sets
_M, _P, _F, _S = "meat", "poultry", "fish", "shellfish"
_D, _E, _H, _O = "dairy", "egg", "honey", "other_animal"
_FLESH = frozenset({_M, _P, _F, _S})
_STOCK = frozenset({_M, _P})  # generic broth, gravy, casings: beef or chicken
_SAVORY = frozenset({_M, _P, _F, _D, _E})  # soups/sauces: stock, anchovy, cream, egg
_MIXED = frozenset({_M, _P, _F, _S, _D, _E})  # fast/restaurant food, entrees
_BAKED = frozenset({_D, _E})  # breads, cakes, cookies, pancakes
_BAR = frozenset({_D, _E, _H, _M})  # cereal/granola/protein bars: milk, honey, gelatin
_CHOC = frozenset({_D, _E, _H})  # chocolate confections: milk, egg white, glaze
_CONFECTION = frozenset({_D, _E, _H, _M, _O})  # hard/chewy candy: gelatin, shellac, carmine
_SNACK = frozenset({_D, _E, _H})
_WINE = frozenset({_F, _E, _D, _M})  # isinglass, albumen, casein, gelatin finings
_BEER = frozenset({_F, _M})  # isinglass, gelatin finings

_PLANT_GROUPS = frozenset(
    {
        "Spices and Herbs",
        "Fruits and Fruit Juices",
        "Vegetables and Vegetable Products",
        "Nut and Seed Products",
        "Legumes and Legume Products",
        "Cereal Grains and Pasta",
    }
)
_MIXED_GROUPS = frozenset(
    {"Fast Foods", "Meals, Entrees, and Side Dishes", "Restaurant Foods"}
)
_FLESH_GROUPS: dict[str, frozenset[str]] = {
    "Beef Products": frozenset({_M}),
    "Pork Products": frozenset({_M}),
    "Lamb, Veal, and Game Products": frozenset({_M}),
    "Poultry Products": frozenset({_P}),
    "Sausages and Luncheon Meats": _STOCK,  # mixed meats, casings
}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------
# 1. false friends: masked before any animal rule runs (order matters)
_MASKS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(p), r)
    for p, r in (
        (r"campbell soup company", "campbell co"),
        (r"\bmilk, (indian buffalo|sheep|goat)\b", "milk"),
        (r"\bcheese, goat\b|\bgoat cheese\b", "cheese"),
        (r"\begg, (quail|turkey|duck|goose)\b", "egg"),
        (r"\beggplants?\b", "aubergine"),
        (r"\bdinosaur bones\b", "sugar shapes"),
        (r"\b(without|no) (added )?eggs?\b|\begg[- ]free\b|\beggless\b", " "),
        (r"\bsoy ?milk\b", "soydrink"),
        (r"\b(rice|almond|oat|coconut|hemp|cashew|soy|soya|bean|corn) (milk|drink|beverage)\b",
         r"\1 drink"),
        (r"\bcoconut (cream|milk)\b", "coconut liquid"),
        (r"\bmilk of magnesia\b", "antacid"),
        (r"\bmilkfish\b", "fish"),
        (r"\b(without|no) (added )?((nonfat|whole|dry|skim) )*milk\b|\b(milk|dairy)[- ]free\b",
         " "),
        (r"\b(peanut|almond|cashew|nut|sesame|sesame seed|sunflower seed|seed|soy ?nut|apple|"
         r"fruit|cocoa|shea|nutmeg|ucuhuba|mango|hard|pumpkin seed|hazelnut|macadamia|pecan|"
         r"pistachio|walnut|apricot|illipe)( kernel)? butters?\b", r"\1 spread"),
        (r"\bbutter ?nuts?\b", "juglans"),
        (r"\bbutterbur\b", "fuki"),
        (r"\bbutterhead\b", "lettuce"),
        (r"\bbutter ?beans?\b", "lima"),
        (r"\bbread[- ]and[- ]butter\b", "sweet pickle"),
        (r"\bbutterfish\b", "fish"),
        (r"\bnon-?dairy butter flavou?r\b", "flavor"),
        (r"\bcream of tartar\b", "bitartrate"),
        (r"\bcream of (wheat|rice)\b", r"\1 farina"),
        (r"\bcreamy wheat\b", "wheat farina"),
        (r"\bcream[- ]style\b", "pureed"),
        (r"\bcream soda\b", "soda"),
        (r"\bcreme de menthe\b", "mint liqueur"),
        (r"\bcoconut meat\b", "coconut flesh"),
        (r"\bmeat extender\b", "textured soy"),
        (r"\bchick ?peas?\b", "garbanzo"),
        (r"\blambs ?quarters\b", "goosefoot-greens"),
        (r"\bgoldfish\b", "shaped"),
        (r"\boyster mushrooms?\b|\bmushrooms, oyster\b", "mushroom"),
        (r"\bvegetable oyster\b", "salsify"),
        (r"\bincludes oyster, soda, soup\b", "includes soda"),
        (r"\boyster crackers?\b", "crackers"),
        (r"\bnot (breaded|battered)\b", " "),  # "pan-fried, not breaded" veal
        (r"\b(emu|ostrich), oyster\b", r"\1, thigh cut"),  # a cut of the bird's thigh
        (r"\bsquash, summer, scallop\b", "squash, summer, pattypan"),
        (r"\bcrab ?apples?\b", "wild apple"),
        (r"\bblack turtle soup\b", "black bean"),
        (r"\bbeans, black turtle\b", "beans, black"),  # SR28's name for black turtle beans
        (r"\bgrasshopper (cookies|pie)\b", r"mint \1"),  # a mint flavour, not the insect
        (r"\bfish-shaped\b", "shaped"),
        (r"\b(soup (&|and) )?oyster crackers?\b", "crackers"),
        (r"\bsteak[- ]cut\b", "thick-cut"),  # fries
        (r"\bcranberry sauce, jellied\b", "cranberry sauce, set"),  # pectin, not gelatin
        # British-sense biscuits (cookies, crackers, shredded wheat, rice rusks) are no lard pastry
        (r"\b(big|rice|water|marie|tea|teething) biscuits?\b", r"\1 crackers"),
        (r"\bbiscuit sticks\b", "cookie sticks"),
        (r"\bbone health\b", "health"),
        (r"\blittle caesars\b", "littlec"),
        (r"\bburger king\b", "bking"),  # the chain's name is not a burger
        (r"\bhoneydew\b", "melon"),
        (r"\bsauce, duck\b|\bduck sauce\b", "sauce, plum"),
        (r"\b(pickle relish|relish), (hamburger|hot dog)\b", "relish"),
        (r"\b(rolls?|buns?), (hamburger|hotdog|hot dog)( or (hamburger|hotdog|hot dog))?",
         r"\1"),
        (r"\bhamburger (rolls?|buns?)\b", r"\1"),
        (r"\bsteak fries\b", "potato wedges"),
        (r"\bsauce, steak\b|\bsteak sauce\b", "sauce, worcestershire-style"),
        (r"\bpoultry seasoning\b", "herb seasoning"),
        (r"\bimitation (bacon|ham) bits\b", "imitation bits"),
        (r"\bbuffalo sauce\b", "hot sauce"),
        (r"\bnacho sliced\b", "sliced"),
        (r"\bswiss chard\b|\bchard, swiss\b", "chard"),
        (r"\bhead ?cheese\b|\bliver cheese\b", "pork loaf"),
        (r"\bdove (dark|milk)\b", r"\1"),
        (r"\bbear naked\b", "granola brand"),
        (r"\bslim-a-bear\b", "slim"),
        (r"\bshake 'n' bake\b", "coating mix"),
        (r"\branch style\b", "western style"),
        (r"\b(red )?wine vinegar\b|\bvinegar, red wine\b", "vinegar"),
        (r"\bjellyfish\b", "medusa"),
        (r"\bshellfish\b", "shellfood"),
        (r"\bcrayfish\b", "crawdad"),
        (r"\bcuttlefish\b", "cuttle"),
        (r"\bstarfish\b", "seastar"),
        (r"\bvegetable (broth|stock|bouillon)\b", "vegetable liquid"),
        (r"\bnoodles, (japanese|chinese, cellophane)\b", "asian pasta"),
        (r"\b(rice|ramen|soba|somen|udon|cellophane|mung bean|glass) noodles?\b", r"\1 pasta"),
        (r"\bbaking chocolate, unsweetened\b", "cocoa liquor"),
        (r"\bsyrups?, table blends, pancake\b", "syrups, table blends"),
        (r"\bcorn biscuits\b", "corn squares"),
        (r"\bkashi 7 whole grain puffs\b", "seven grain puffs"),
        (r"\(for sundaes\)", " "),
        (r"\bcustard-apple\b", "cherimoya"),
        (r"\bgrated meat\b", "grated flesh"),
        (r"(coconut[^|]*?)\bcreamed\b", r"\1pureed"),
        (r"^(\s*peanut spread\b.*)\bcreamy\b", r"\1smooth"),
        (r"\b(root beer|ginger ale)\b", "soda"),
        (r"\bmayonnaise, made with tofu\b", "tofu spread"),
        (r"\b(soy|tofu) yogurt\b", r"\1 cultured"),
    )
)
# oils and shortenings: their "used for whipped toppings, non-dairy" phrases name uses, not contents
_OIL_NAME = _rx(r"^\s*(oil|shortening|vegetable oil)\b")
_OIL_USE = _rx(
    r"\b(used for|use for|uses similar to|principal uses?|typical basis for|for)\b[^,()]*"
    r"|\bnon-?dairy\b"
)
_FISH_PREFIX = _rx(r"^\s*fish\b")
_SILK = _rx(r"\bsilk\b")
_SILK_WORDS = _rx(r"\b(yogurt|creamer|nog|omega-3|dha)\b")


def _normalise(name: str) -> str:
    """Lower-case the name and mask false friends so later rules see only real animal words.

    White space is collapsed and trimmed before the masks and again after them (a mask
    may leave a space at an end), so a rule anchored at either end of the name
    (``^\\s*eggs?``, ``and chili$``) sees the name's first or last word there. A padded
    name once made every ``$`` rule fail silently: tests/test_anchored_rules.py checks each.
    """
    t = " ".join(name.lower().replace("\u2019", "'").split())
    for rx, repl in _MASKS:
        t = rx.sub(repl, t)
    if _OIL_NAME.search(t):
        t = _OIL_USE.sub(" ", t)
    if _FISH_PREFIX.search(t):  # "Fish, herring eggs" are roe, not bird eggs
        t = re.sub(r"\beggs?\b", "roe", t)
    if _SILK.search(t):  # the SILK brand is plant-based throughout (soy yogurt, creamer, algal DHA)
        t = _SILK_WORDS.sub("plant", t)
    return re.sub(r"\s+", " ", t).strip()


# --------------------------------------------------------------------------
# 2. explicit word rules
_SPECIES_MEAT = _rx(
    r"\b(beef|beefy|pork|ham|hams|bacon|lamb|mutton|veal|venison|goat|bison|buffalo|elk|moose|"
    r"caribou|deer|rabbit|horse|bear,|squirrel|beaver|boar|antelope|opossum|raccoon|muskrat|"
    r"seal|walrus|whale|sea lion|oogruk|muktuk|blubber|game meat|sirloin|steak|brisket|oxtail|"
    r"tripe|chitterlings|sweetbreads?|pepperoni|salami|bologna|pastrami|corned|jerky|"
    r"frankfurters?|franks?|wieners?|hot ?dogs?|hotdogs?|corn ?dogs?|corndogs?|sausages?|"
    r"chorizo|kielbasa|kolbassy|\w*wurst|mortadella|braunschweiger|pate|scrapple|spam|"
    r"luncheon meat|lard|tallow|suet|gelatins?|jell-?o|jellied|marshmallows?|mincemeat|mince|"
    r"rennin|rennet|junket|hamburgers?|cheeseburgers?|whoppers?|big mac|quarter pounder|"
    r"meatballs?|meatloaf|cracklings?|cerdo|carne|drippings|bone marrow|animal fat|sirloin|"
    r"pot roast|salisbury|riblets|pork skins|foie gras)\b"
    r"|\b(supreme|works|extravaganzza|feast) (topping|pizza)|super supreme"
)
_SPECIES_POULTRY = _rx(
    r"\b(chicken|chickens|hen|hens|turkey|duck|ducks|goose|geese|quail|pheasant|squab|dove|emu|"
    r"ostrich|guinea|grouse|capon|poultry|cornish|owl|scoter|ptarmigan|partridge|mcchicken|"
    r"mcnuggets)\b"
)
_SPECIES_FISH = _rx(
    r"fish|\b(salmon|tuna|cod|haddock|halibut|herring|mackerel|sardines?|anchov\w*|trout|catfish|"
    r"tilapia|pollock|flounder|sole|sea bass|striped bass|carp|perch|pike|snapper|swordfish|shark|"
    r"roe|caviar|smelt|whitefish|sheefish|lingcod|eels?|surimi|bluefish|grouper|mullet|sturgeon|"
    r"pompano|mahimahi|bonito|kipper\w*|lox|isinglass|worcestershire|caesar|green goddess|"
    r"omega-3|barbecue|barbeque|bbq)\b"
)
_SPECIES_SHELLFISH = _rx(
    r"\b(shrimps?|prawns?|crabs?|lobsters?|crawdad|crawfish|langoustines?|krill|clams?|clamato|"
    r"oysters?|mussels?|scallops?|squid|calamari|octopus|cuttle|abalone|conch|whelks?|snails?|"
    r"escargots?|cockles?|chitons?|sea cucumbers?|sea urchins?|medusa|tunicates?|ascidians?|"
    r"oopah|tunughnak|crustaceans?|mollusks?|molluscs?|shellfood|seafood|seastar)\b"
)
_SEAFOOD = _rx(r"\bseafood\b")
_GENERIC_STOCK = _rx(
    r"\b(meats?|broths?|stocks?|bouillon|consomme|gravy|gravies|au jus|cold cuts|burgers?|"
    r"luncheon|meat sauce|giblets?)\b"
)
_OTHER_ANIMAL = _rx(
    r"\b(frogs?|turtles?|insects?|crickets?|grasshoppers?|locusts?|mealworms?|carmine|cochineal)\b"
)
_HARD_DAIRY = _rx(
    r"\b(milks?|buttermilk|milkfat|butter|butters|buttered|butterfat|butterscotch|cream|creams|"
    r"creamed|creamer|cheeses?|cheesy|cheez|cheddar|mozzarella|parmesan|romano|ricotta|feta|brie|"
    r"camembert|gouda|edam|provolone|monterey|muenster|colby|gruyere|fontina|limburger|roquefort|"
    r"neufchatel|tilsit|cheshire|gjetost|asiago|mascarpone|paneer|velveeta|queso|quesadillas?|"
    r"alfredo|yogurts?|yoghurts?|kefir|whey|casein|caseinate|ghee|custards?|puddings?|flan|"
    r"ice creams?|ice milk|sherbet|shakes?|milkshakes?|sundaes?|frosty|mcflurry|parfait|eggnog|"
    r"dulce de leche|leche|lasagna|pizzas?|ravioli|raviolios|tortellini|gratin|scalloped|souffle|"
    r"fondue|stroganoff?|bisque|cappuccino|latte|whitener|malted|cheesecake|eclairs?|"
    r"cream puffs?|croissants?|croissan'wich|brioche|bechamel|hollandaise|sour cream|"
    r"half and half|whipped|dessert topping|margarine|margarine-like|butter replacement|rennin|"
    r"junket|tzatziki|raita|dairy|instant breakfast|ensure|pediasure|supligen|formula|"
    r"nutritional supplement|protein supplement|meal supplement|slim-fast|new england|"
    r"scrambled|omelets?|breaded|battered|batter|nog|mac|macaroni and cheese|cheeseburgers?|"
    r"creamsicle|klondike|frozen yogurts?|snack cakes|buttery|twinkies?)\b"
    r"|butter-?flavou?r|\bwhite sauce|\bsauce, (homemade, )?white\b|\bspecial k\b|\boreo|"
    r"\breese|\bm&m|\bkit kat|\btwix\b|\bsnickers\b|\bmilky way\b|\bmusketeers\b|\btootsie\b|"
    r"\bcocoa mix|\bhot cocoa|\bcoffee, instant, with sugar|\bcinnabon\b|\bspecial k\w*|"
    # SR28 names: malt drinks (Ovaltine: whey, milk), milk-based shakes and instant cafe mixes
    r"\bovaltine\b|\bslim-?fast\b|\bboost (plus|nutritional|high protein|original)\b|"
    r"\bnestle, boost\b|\bcoffee, instant, [^|]*\b(cafe|vanilla|mocha|hazelnut|chai)\b|"
    r"\b(eas|muscle milk)\b[^|]*\bprotein\b|\bquaker, oatmeal, real medleys\b|"
    r"\bglazed\b[^|]*\bnuts?\b|\b(walnuts|pecans|almonds|cashews), glazed\b"
)
_SOFT_DAIRY = _rx(  # flavour words that usually, not always, mean milk; skipped for plant drinks
    r"\b(chocolate|chocolates|chocolatey|chocolaty|choco\w*|fudge|fudgesicle|caramels?|caramello|"
    r"toffee|mocha|creamy|creme|smoothies?|horchata|ranch|nachos?|nacho[- ]flavou?r|"
    r"nacho cheese|cookie crisp|cookies?|brownies?)\b"
)
_EGG = _rx(
    r"\b(eggs?|egg yolks?|yolks?|eggo|eggnog|mayonnaise|mayo|meringue|custards?|quiche|omelets?|"
    r"omelettes?|souffle|aioli|hollandaise|angel ?food|angelfood|macaroons?|nougats?|divinity|"
    r"albumen|albumin|popovers?|ladyfingers?|sponge|wontons?|won tons?|dumplings?|tempura|"
    r"batter|battered|breaded|tartar|thousand island|russian|miracle whip|coleslaw|potato salad|"
    r"(tuna|chicken|ham|egg|macaroni|seafood|crab|shrimp) salad|salad spread|gefilte\w*|"
    r"sandwich spread|french toast|challah|brioche|hush puppies|fortune|pancakes?|hotcakes|"
    r"waffles?|waffelos|crepes?|flan|noodles?|noodleo'?s|fresh-refrigerated|egg rolls?|"
    r"cream puffs?|eclairs?|lasagna|ravioli|raviolios|tortellini|mcmuffin|mcgriddles|"
    r"fettuccine|pasta, homemade, made with egg|eggnog-flavor)\b"
)
_HONEY = _rx(
    r"\b(honey|honeys|graham|grahams|granola|muesli\w*|beeswax|royal jelly|propolis|shellac|"
    r"confectioner'?s glaze|honeycomb|nature valley|granola brand|golden crisp|crunchy nut|"
    r"smart start|baklava|kashi|familia|alpen|sesame crunch|banana chips|honey-roasted)\b"
)
_MUESLI = _rx(r"\bmuesli\w*|\bfamilia\b|\balpen\b")  # muesli mixes carry milk powder

# ad-hoc product rules (regex -> categories), applied in every group
_PRODUCT_RULES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (_rx(p), frozenset(c))
    for p, c in (
        # lard: refried beans, home-style baked beans, pies, biscuits, flour tortillas
        (r"\brefried\b(?!.*\bfat[- ]free\b)|\bfrijoles\b(?!.*\bcheese)", {_M}),
        (r"\bbaked beans\b|\bbeans, baked\b", {_M}),
        (r"\b(beans, chili|chili con carne|chili with beans|chili, no beans|chili beef|bean chili|"
         r"turkey chili|steak chili|entree chili|with chili$|with chili\b(?! (and )?(red )?pepper)|"
         r"chili, canned|\band chili$)", _STOCK),
        (r"\bpie crust\b(?!, cookie-type)|\bpie\b(?! (fillings?|mix|spice))|\bpies\b(?! fillings?)"
         r"|\bbiscuits?\b|\bpastry\b|\bpastries\b|\bpastelitos?\b|\bpan dulce\b|\bfrybread\b"
         r"|\btortilla mix\b|\btortillas?\b(?! chips).*\b(flour|wheat)\b|\bflour tortillas?\b"
         r"|\btamales?\b"
         r"|\bempanadas?\b|\bpupusas?\b|\btennis bread\b|\bbunuelos\b|\bstrudel\b", {_M}),
        (r"\bleaves in oil \(alaska native\)", {_M}),  # greens kept in seal oil
        # gelatin: frosted toaster pastries and cereals, fruit snacks, bars, light yogurts
        (r"\b(pop-?tarts?|toaster pastr\w*)\b.*\bfrosted\b|\bfrosted\b.*\b(pop-?tarts?|toaster)\b"
         r"|\bs'?mores?\b|\bsmorz\b|\brice krispies treats\b", {_M}),
        (r"\bfruit snacks\b|\bjuice treats\b|\bgumm(y|ies|i)\b|\bstarburst\b|\bskittles\b"
         r"|\bnutri-grain\b|\bcandy (bits|rolls)\b|\bbreakfast tart\b", {_M}),
        (r"\bstuffing\b", _STOCK),  # stuffing mixes are seasoned with chicken or beef stock
        (r"\bchex mix\b", {_F}),  # Worcestershire seasoning
        (r"\bkimchi\b", {_F, _S}),  # fish sauce, salted shrimp or anchovy
        (r"\bhard cider\b|\bmalt liquor\b", _BEER),  # fined like beer
        (r"\byogurts?\b.*\b(fruit|vanilla|lemon|chocolate|strawberry|blueberry|peach|banana|"
         r"flavou?r\w*|light|lite|low calorie|low-calorie|aspartame|sweetened)\b"
         r"|\b(fruit|vanilla|lemon|chocolate|strawberry|blueberry|peach|banana|breyers|"
         r"light n' lively)\b.*\byogurts?\b", {_M}),  # gelatin in flavoured and light yogurts
        (r"\bsnack cakes\b|\btwinkies?\b", {_M}),  # creme fillings made with beef fat
        (r"\bparfait\b", {_M, _H}),  # gelatin-set yogurt, honey granola
        (r"\bsour cream, (light|fat free|reduced fat)\b|\b(light|fat free|reduced fat) sour cream\b"
         r"|\bfrozen yogurts?\b|\byogurt, frozen\b", {_M}),
        # egg + milk in cooked dishes
        (r"\bscrambled|\bomelet", {_D, _E}),
        (r"\begg mix\b", {_D}),
        (r"\bsweet potato, cooked, candied\b|\bpotatoes, o'brien, home-prepared\b", {_D}),
        (r"\bcorn pudding\b", {_E}),
        (r"\bcanned, (all styles, )?seasoned\b", {_M, _D}),  # canned vegetables seasoned with pork
        (r"\bice creams?\b|\bfrozen custard\b|\bsoft-serve\b", {_E}),
        (r"\bcaesar\b|\bgreen goddess\b", {_D, _E}),
        (r"\brussian\b|\bthousand island\b", {_F}),  # Worcestershire in the classic recipes
        (r"\b(beer|lager|stout)\b(?!.*\b(budweiser|bud light|michelob)\b)", _BEER),
        (r"\bwines?\b", _WINE),
    )
)
_OMEGA_FLAX = _rx(r"\bomega-3\b.*\bflax|\bflax\w*\b.*\bomega-3\b")

# --------------------------------------------------------------------------
# 3. kinds of product (by name, in any group where they make sense)
_VEG_MARK = _rx(
    r"\b(vegetarian|meatless|meat-?free|meatfree|veggie|vegan|vege|veja|soyburgers?|"
    r"soy ?burgers?|chik'?n|chik|frichik|chic-ketts|turk'?y|all vegetable protein)\b|"
    r"\b(morningstar farms|worthington|loma linda|gardenburger|harvest burger)\b"
)
_VEGAN_MARK = _rx(r"\bvegan\b")
_ANALOG_NOUN = _rx(  # a meat-analogue product rather than a vegetarian-labelled plain food
    r"\b(morningstar|worthington|loma linda|gardenburger|harvest burger|burgers?|soyburgers?|"
    r"patties|pattie|patty|sausages?|links|franks?|frankfurters?|bacon|bits|chik\w*|chic-ketts|"
    r"nuggets|stew|meatloaf|meatballs|fillets?|slices|roll|spread|crumbles|strips|wings|riblets|"
    r"steaks?|stakes?|stakelets|cutlets?|choplets|skallops|chili|roast|tenders|corn dogs|loaf|"
    r"fish sticks|chicken|turkey)\b"
)
_PLAIN_VEG_DISH = _rx(r"\bbeans?\b|\brefried\b")  # "vegetarian" beans are just meat-free

_FAST_FOOD_BRAND = _rx(
    r"\b(mcdonald'?s|bking|wendy'?s|kentucky fried chicken|taco bell|pizza hut|domino'?s|"
    r"papa john'?s|littlec|popeyes|applebee'?s|denny'?s|t\.g\.i\. friday'?s|cracker barrel|"
    r"fast foods?|restaurant|digiorno|hot pockets|lean pockets)\b"
)
_MIXED_KIND = _rx(
    r"\b(soups?|stews?|chowders?|bisque|gumbo|sauces?|gravy|gravies|broths?|bouillon|consomme|"
    r"stock|entrees?|dinners?|casserole|pot pies?|lasagna|ravioli|spaghettios|burritos?|tacos?|"
    r"tostadas?|enchiladas?|enchirito|chimichangas?|nachos|quesadillas?|pizzas?|sandwich(es)?|"
    r"burgers?|pockets|egg rolls?|fried rice|chow mein|dumplings?|tamales?|empanadas?|pupusas?|"
    r"stuffing|meal kits?|side dishes|salads?|frijoles|arroz|hash|fries|fried|onion rings|"
    r"frybread|dips?|jambalaya|paella|curry|sushi|chili|stroganoff?|pasta with|macaroni and|"
    r"spaghetti with|spaghetti,|pot roast|rice bowl|mashed)\b"
)
_SAFE_SAVORY = _rx(  # plant-only sauces, salsas and broths
    r"\b(salsa|picante|pico de gallo|taco sauce|hot sauce|pepper sauce|tabasco|"
    r"sauce, ready-to-serve, pepper|sauce, chili, peppers|sauce, peppers, hot|"
    r"tomato chili sauce|chili sauce|hoisin|sauce, plum|plum sauce|teriyaki|sweet and sour|"
    r"soy sauce|adobo fresco|vegetable liquid|tomato sauce|tomato products|tomato juice|"
    r"vegetable juice|gazpacho|green chilies|jalapenos?|worcestershire|sauce, fish|fish sauce|"
    r"sauce, oyster|oyster sauce|sriracha|^wasabi$)\b"
)
_VEG_EVIDENCE = _rx(  # clearly meatless dishes: may hold milk and egg, not flesh or stock
    r"\bpizzas?\b|mozzarella sticks|\bmac(aroni)? ?(and|&|n') ?cheese|\bmac & cheese\b|"
    r"\blasagna, (cheese|vegetable)|\bravioli, cheese|\bcheese[- ]filled\b|\btortellini\b|"
    r"\bspaghettios\b|\bspaghetti in tomato|pasta with tomato sauce, no meat|"
    r"\begg and cheese\b|\bwith egg and cheese$|\bscrambled eggs\b|\beggs?, scrambled\b|"
    r"\bfrench toast\b|\bpancakes\b|\bhotcakes\b(?!.*sausage)|\bcinnamon rolls?\b|\bdanish\b|"
    r"\bcookies\b|\bbrownie\b|\bice creams?\b|\bshakes?\b|\bsundaes?\b|\bfrosty\b|\bmcflurry\b|"
    r"\bsoft-serve\b|with cheese and egg$|\bpotato, baked and topped with "
    r"(cheese sauce( and broccoli)?|sour cream and chives)$|corn on the cob with butter|"
    r"\bcoleslaw\b|\bpotato salad\b|\benglish muffin(, with butter)?$|\barroz con leche\b|"
    r"\bparfait\b|fruit & walnut salad|grape and apple with yogurt|"
    r"\bsauce, (cheese|alfredo|homemade, white|white)|\bcheese sauce\b|\balfredo\b|"
    r"\bitalian sauce\b|\bmarinara\b|\bspaghetti sauce\b|\bpasta sauce\b|\bsauce, pizza\b|"
    r"\bsauce, pasta\b|\bwhite sauce\b|\bprego\b"
)
_SAFE_MIXED = _rx(  # fast-food items that are plainly plant-only
    r"salad, vegetable, tossed, without dressing$|\bside salad\b|\bapple dippers$|"
    r"\bpeanuts \(for sundaes\)"
)
_DRESSING_KIND = _rx(
    r"\b(salad dressing|dressing|mayonnaise|mayo|sandwich spread|miracle whip|sour dressing)\b"
)
_SAFE_DRESSING = _rx(r"vinegar and oil|\bfrench, (cottonseed, oil, )?home recipe\b")
_BAKED_KIND = _rx(
    r"\b(breads?|bagels?|rolls?|buns?|biscuits?|cakes?|cupcakes?|cookies?|crackers?|muffins?|"
    r"pancakes?|waffles?|pastry|pastries|pies?|pie crust|tarts?|toaster|pop-?tarts?|doughnuts?|"
    r"croissants?|danish|strudel|croutons?|stuffing|tortillas?|taco shells|tostada shells|"
    r"pitas?|matzo|melba|rusk|zwieback|phyllo|wrappers|popovers?|eclairs?|cream puffs?|"
    r"coffeecakes?|brownies?|focaccia|french toast|hush puppies|cones?|keikitos|pan dulce|"
    r"frybread|wafers?|grahams?|teething|finger snacks|cinnamon buns|sweet rolls|shortcake|"
    r"gingerbread|fruitcake|cheesecake|cobbler|crisp|flatbread|bread ?sticks|bread crumbs|"
    r"cracker meal|dough|soft pretzels?|pretzels?, soft|english muffins?|ladyfingers|"
    r"macaroons|snack cakes|flour mix|muffin mix|cake mix|brownie mix|biscuit mix)\b"
)
_SAFE_BAKED = _rx(
    r"^\s*leavening agents\b|^\s*bread, (french or vienna|italian|pita)\b|^\s*bagels, plain\b|"
    r"\bmatzo, (plain|whole-wheat)\b|\bcrispbread, rye\b|\brye, wafers, plain\b|"
    r"\btortillas?, ready-to-bake or -fry, corn\b|\btaco shells\b|\btostada shells\b|"
    r"^\s*phyllo dough\b|\bkneel down\b|\bpiki bread\b|\bsomiviki\b|\bsakwavikaviki\b|"
    r"\bmush, blue corn\b|\brice cakes?\b|\bcorn cakes\b|\bpopcorn, cakes\b"
)
_CONFECTION_KIND = _rx(
    r"^\s*(candies|candy)\b|\b(candies|candy|chocolates?|fudge|caramels?|toffee|nougat|"
    r"truffles?|pralines?|marshmallows?|jelly ?beans|gum ?drops|gumdrops|gummy|gummi|licorice|"
    r"twizzlers|skittles|starburst|fruit chews|fruit snacks|taffy|brittle|divinity|fondant|"
    r"halavah|halva|chewing gum|lollipops?|frostings?|icing|fruit strips)\b"
)
_CHOC_TYPE = _rx(
    r"\b(chocolate|chocolates|cocoa|fudge|caramels?|toffee|truffles?|pralines?|brittle|bars?|"
    r"butterscotch|carob|coating|reese'?s|m&m'?s|kit kat|twix|snickers|mars|milky way|"
    r"musketeers|heath|skor|rolo|york|mounds|almond joy|goobers|raisinets|5th avenue|"
    r"butterfinger|baby ruth|100 grand|oh henry!?|chunky|whatchamacallit|symphony|krackel|"
    r"goodbar|after eight|cocoavia|frostings?|icing)\b"
)
_SAFE_SWEET = _rx(
    r"^\s*(honey|sugars?|sugar, turbinado|sweeteners?|syrups?|molasses|jams|jellies|marmalade|"
    r"pectin|fruit spread|fruit butters|pie fillings|cocoa, dry powder|toppings, (pineapple|"
    r"strawberry|nuts in syrup))\b|\bcocoa liquor\b|\bpopsicle\b|\bice type\b|"
    r"\bjuice type\b|\bfruit and juice bars\b|\bitalian ice\b|\bfruit leather\b|"
    r"^\s*fruit syrup\b|^\s*gums, seed gums\b|^\s*sweetener, herbal extract powder from stevia"
)
_SWEET_DAIRY = _rx(r"\b(fudgesicle|creamsicle)\b|juice with cream")
_SNACK_KIND = _rx(
    r"^\s*snacks?\b|\b(chips|crisps|popcorn|pretzels|trail mix|granola bars?|granola bites|"
    r"cereal bars?|breakfast bars?|formulated bar|rice cakes|corn cakes|cornnuts|corn nuts|"
    r"bagel chips|pita chips|sesame sticks|fruit leather|fruit roll\w*|puffs|twists|"
    r"oriental mix)\b"
)
_BAR_KIND = _rx(r"\b(bars?|bites)\b")
_SAFE_SNACK_BASE = _rx(
    r"\b(potato chips|potato sticks|tortilla chips|corn-based, extruded|cornnuts|"
    r"popcorn, (air-popped|home-prepared|oil-popped, white|oil-popped, unsalted|unpopped)|"
    r"popcorn, cakes|rice cakes?|corn cakes|pretzels, hard|taro chips|plantain chips|"
    r"sweet potato chips|vegetable chips|yucca|cassava|soy chips|pita chips|papad|"
    r"trail mix, (regular|tropical)|sesame sticks|fruit leather|"
    r"potato chips, white, restructured|rice cracker brown rice, plain)\b"
)
_SNACK_FLAVOUR = _rx(
    r"cheese|cheddar|nacho|ranch|sour[- ]cream|barbecue|barbeque|bbq|taco|onion|butter|caramel|"
    r"chocolate|yogurt|honey|flavou?r|seasoned|sweet ?& ?salty|mesquite|jalapeno|chili|lime|"
    r"microwave|coating|candy"
)
_CEREAL_KIND = _rx(r"^\s*cereals?\b|\bcereal\b|\bincaparina\b")
_CEREAL_GELATIN = _rx(
    r"\bfrost(?!ed flakes)\w*|\bmarshmallow\w*|\blucky charms\b|\bcount chocula\b|\bboo berry\b|"
    r"\bfranken ?berry\b|\bkaboom\b|\bdora the explorer\b|\bscooby-doo\b|"
    r"\bcomposite character\b|\bsmorz\b|"
    r"\brice krispies treats\b|\bmateys\b|\bmini-wheats\b(?!, unfrosted)"
)
_CEREAL_DAIRY = _rx(r"\bfruit and cream\b|\bcinnamon roll\b|\bfrench toast\b|\beggo\b")
_CEREAL_BAR = _rx(r"\b(bars?|straws|wafer)\b")
_BABY_KIND = _rx(r"\bbaby ?food\b|\bbabyfood\b|\btoddler\b|\bgerber\b")
_FORMULA = _rx(r"\b(infant|child|toddler) formula\b|\bformula\b|\bpediasure\b|\bportagen\b")
_BABY_MIXED = _rx(
    r"\b(dinner|dessert|cookies?|biscuits?|pretzels|crackers|snack|zwieback|cobbler|pudding|"
    r"custard|teething|finger snacks|bars?|melts|ravioli|macaroni|lasagna|pasta|noodles?|stew|"
    r"soup|dumplings)\b"
)
_BABY_STOCK = _rx(r"\b(dinner|stew|soup|pasta|macaroni|lasagna|ravioli|noodles?)\b")
_EGG_PRODUCT = _rx(r"^\s*(eggs?|egg substitute|egg mix)\b")
_SHELLFISH_IN_FISH_GROUP = _rx(r"^\s*(crustaceans|mollusks)\b")
_SURIMI = _rx(r"\bsurimi\b|\bimitation\b")
_WINE_OR_BEER = _rx(r"\bwines?\b|\bbeer\b")
_PLANT_DRINK = _rx(
    r"\b(soydrink|soy drink|rice drink|almond drink|oat drink|bean drink|corn drink|"
    r"coconut drink|coconut liquid|soy cultured|tofu cultured|tofu|soymilk|vitasoy)\b|\bsilk\b"
)
_SNACK_BAR_FIRST = _rx(  # bars and snacks named as such go to the snack rules, not the candy rules
    r"^\s*(snacks?|formulated bar|breakfast bars?|granola bars?)\b|\bgranola bars?\b|"
    r"\bcereal bars?\b"
)
_DESSERT_KIND = _rx(
    r"\b(ice creams?|ice milk|frozen yogurts?|yogurt, frozen|sherbet|frozen novelties|"
    r"frozen novelites|puddings?|custards?|flan|mousse|rennin|junket|desserts?|dessert topping|"
    r"whipped|sundae|milk dessert)\b"
)
_CEREAL_HONEY = _rx(  # cluster and nut cereals are usually bound with honey
    r"\b(clusters?|oatmeal crisp|basic 4|just right|nut bran|raisin bran crunch|cracklin'?|"
    r"great grains|selects|fiberplus|curves|fruit (&|and) nut|nut crunch|almond crunch|"
    r"cranberry crunch|pecans?|walnuts?|macadamia|almonds?|hazelnuts?|with nuts|mueslix|nestum)\b"
)
_SOUP_NAME = _rx(
    r"^\s*(soups?|sauces?|gravy|gravies|broths?|stock|dips?)\b|\bsoups?\b|\bmicrowav\w* bowls\b"
)
_KNOWN_GROUPS = frozenset(
    {
        "Dairy and Egg Products", "Spices and Herbs", "Baby Foods", "Fats and Oils",
        "Poultry Products", "Soups, Sauces, and Gravies", "Sausages and Luncheon Meats",
        "Breakfast Cereals", "Fruits and Fruit Juices", "Pork Products",
        "Vegetables and Vegetable Products", "Nut and Seed Products", "Beef Products",
        "Beverages", "Finfish and Shellfish Products", "Legumes and Legume Products",
        "Lamb, Veal, and Game Products", "Baked Products", "Sweets", "Cereal Grains and Pasta",
        "Fast Foods", "Meals, Entrees, and Side Dishes", "Snacks",
        "American Indian/Alaska Native Foods", "Restaurant Foods",
    }
)


def _has(rx: re.Pattern[str], text: str) -> bool:
    return rx.search(text) is not None


def _explicit(t: str, plant_drink: bool) -> set[str]:
    """Categories named or implied by words in the (masked) name."""
    found: set[str] = set()
    if _has(_SPECIES_MEAT, t):
        found.add(_M)
    if _has(_SPECIES_POULTRY, t):
        found.add(_P)
    if _has(_SPECIES_FISH, t) and not _OMEGA_FLAX.search(t):
        found.add(_F)
    if _has(_SPECIES_SHELLFISH, t):
        found.add(_S)
        if _has(_SEAFOOD, t):
            found.add(_F)
    if not found & _FLESH and _has(_GENERIC_STOCK, t):
        found |= _STOCK
    if _has(_OTHER_ANIMAL, t):
        found.add(_O)
    if _has(_HARD_DAIRY, t) or (not plant_drink and _has(_SOFT_DAIRY, t)):
        found.add(_D)
    if _has(_EGG, t):
        found.add(_E)
    if _has(_HONEY, t):
        found.add(_H)
        if _has(_MUESLI, t):
            found.add(_D)
    for rx, cats in _PRODUCT_RULES:
        if rx.search(t):
            found |= cats
    return found


def _savory_default(t: str, found: set[str]) -> set[str]:
    """Soups, sauces, dips, stews: plant-only ones are listed; clear meatless ones keep milk/egg."""
    if _has(_SAFE_SAVORY, t):
        return set()
    if not found & _FLESH and _has(_VEG_EVIDENCE, t):
        return set(_BAKED)
    return set(_SAVORY)


def _snack_default(t: str) -> set[str]:
    """Plain chips, popcorn, pretzels, rice cakes are plant-only; flavoured ones may hold milk."""
    if _has(_SAFE_SNACK_BASE, t) or _has(_SAFE_BAKED, t):
        return {_D} if _has(_SNACK_FLAVOUR, t) else set()
    if _has(_BAR_KIND, t):
        return set(_BAR)
    return set(_SNACK)


def _kind_default(t: str, group: str, found: set[str]) -> set[str]:
    """What a product of this kind, in this group, may contain although its name does not say."""
    if group in _FLESH_GROUPS:
        return set(_FLESH_GROUPS[group])
    if group == "Finfish and Shellfish Products":
        out = {_S} if _has(_SHELLFISH_IN_FISH_GROUP, t) or _has(_SPECIES_SHELLFISH, t) else {_F}
        if _has(_SURIMI, t):
            out |= {_F, _S, _E}  # surimi: fish, crab extract, egg white
        return out
    if group == "Dairy and Egg Products":
        return {_E} if _has(_EGG_PRODUCT, t) else {_D}
    if _has(_FORMULA, t):
        return {_D}  # milk-based; soy formulas may still carry milk-derived ingredients
    if group in _PLANT_GROUPS or _has(_OIL_NAME, t):
        return set()  # plain plant foods, oils and shortenings: only explicit words count
    known = group in _KNOWN_GROUPS
    if group == "Soups, Sauces, and Gravies" or (not known and _has(_SOUP_NAME, t)):
        return _savory_default(t, found)

    if group == "Baby Foods" or _has(_BABY_KIND, t):
        if _has(_BABY_MIXED, t):
            out = set(_BAKED)
            if _has(_BABY_STOCK, t) and not found & _FLESH:
                out |= _STOCK
            return out
        return set()
    if group in _MIXED_GROUPS or (not known and _has(_FAST_FOOD_BRAND, t)):
        if _has(_SAFE_MIXED, t):
            return set()
        if not found & _FLESH and _has(_VEG_EVIDENCE, t):
            return set(_BAKED)
        return set(_MIXED)
    if _has(_DRESSING_KIND, t):
        return set() if _has(_SAFE_DRESSING, t) else set(_BAKED)  # mayonnaise egg, cheese
    if group == "Beverages" or _has(_WINE_OR_BEER, t):
        return set()  # wine, beer, cocoa mixes, coffee whiteners: explicit rules
    if group == "Breakfast Cereals" or (not known and _has(_CEREAL_KIND, t)):
        out: set[str] = set()
        if _has(_CEREAL_GELATIN, t):
            out.add(_M)
        if _has(_CEREAL_DAIRY, t):
            out |= {_D, _E}
        if _has(_CEREAL_HONEY, t):
            out.add(_H)
        if _has(_CEREAL_BAR, t):
            out |= _BAR
        return out
    if _has(_SAFE_SWEET, t):
        return {_D} if _has(_SWEET_DAIRY, t) else set()
    if _has(_SNACK_BAR_FIRST, t):
        return _snack_default(t)
    if _has(_DESSERT_KIND, t):
        return {_D, _E}  # ice cream, puddings, custards
    if _has(_CONFECTION_KIND, t):
        return set(_CHOC) if _has(_CHOC_TYPE, t) else set(_CONFECTION)
    if group == "Snacks" or _has(_SNACK_KIND, t):
        return _snack_default(t)
    if _has(_BAKED_KIND, t):
        return set() if _has(_SAFE_BAKED, t) else set(_BAKED)
    if group == "American Indian/Alaska Native Foods":
        return _savory_default(t, found) if _has(_MIXED_KIND, t) else set()
    if not known and group != "Fats and Oils" and _has(_MIXED_KIND, t):
        return _savory_default(t, found)
    if group == "Sweets":
        return set(_CONFECTION)  # other sweets: candy-like, may hold gelatin or shellac
    return set()


def animal_sources(ndb: str, name: str, food_group: str) -> frozenset[str]:
    """Animal-source categories the food contains or may contain (doubt counts as present).

    ``ndb`` is accepted for a stable signature and future per-item overrides; the rules
    themselves read only the name and the food group label.
    """
    del ndb  # rules are name-based; kept in the signature for callers and overrides
    t = _normalise(name)
    group = food_group or ""
    plant_drink = _has(_PLANT_DRINK, t)
    found = _explicit(t, plant_drink)
    found |= _kind_default(t, group, found)

    if _has(_VEG_MARK, t):
        found -= _FLESH
        if _has(_VEGAN_MARK, t):
            found -= {_D, _E, _H, _O}
        elif _has(_ANALOG_NOUN, t) or not (group in _PLANT_GROUPS and _has(_PLAIN_VEG_DISH, t)):
            found |= {_D, _E}  # meat analogues and vegetarian dishes: egg white, milk
    return frozenset(found)


def diets_for(ndb: str, name: str, food_group: str) -> dict[str, bool]:
    """Convenience: ``fits(animal_sources(...))``."""
    return fits(animal_sources(ndb, name, food_group))
