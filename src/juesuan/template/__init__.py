"""The disclosure templates: the one home of the vocabulary of 决算 (T01–T09) and 预算 (B01–B09).

Ground floor: imports nothing of juesuan. ``final`` holds the 决算 items, columns and T07 keys,
``budget`` the 预算 tables, ``titles`` how a title names a table, ``codes`` the classification
codes, ``empty`` the one pattern of a declared-empty table.
"""
