"""Rendering only: turn result dicts (docs/format.md §8/§9 JSON and its extensions) into
statements, terminal tables, Excel packs and SVG charts.

Nothing here computes accounting: every figure comes from the result; modules
regroup, flip signs for presentation (natural signs) and add subtotals.
"""
