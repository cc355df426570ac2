"""Building the food table from USDA SR28: portions, classification, diet and allergen
rules, household measures.
"""
