"""Warnings and claims: risk factors and interactions, safety rules, the leaflet's food-
source claims against the data.
"""
