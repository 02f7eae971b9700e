"""Answers brought in from a file, all rows or none.

Read into rows (``files``), checked row by row (``plan``), then applied (``apply``).
"""
