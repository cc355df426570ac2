"""What a person already eats: reading a diary, matching its lines to USDA foods, assessing
the day.
"""
