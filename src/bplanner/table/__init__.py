"""Building the food table from USDA SR24: portions, classification, diet and allergen
rules, household measures.
"""
