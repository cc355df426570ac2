"""What people and scripts read: tables that fit the terminal, JSON and CSV, the Excel
workbook, and files written without destroying anything.
"""
