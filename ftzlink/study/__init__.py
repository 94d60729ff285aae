"""This study's application layer: the zone registry, curated positioning and official statistics.

Built on the library (:mod:`ftzlink.indices`, :mod:`ftzlink.io_tables`, :mod:`ftzlink.stats`,
:mod:`ftzlink.plot`); the library never imports it.
"""
