"""Planning days and weeks of meals: the options and the plan, the exact model, meals, B12
absorption, toddler portions.
"""
