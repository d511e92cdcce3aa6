"""Briefs for tests: the corpus every extractor and design is measured on."""

from .briefs import BRIEFS, Brief
from .long import LONG
from .mixed import MIXED
from .more import MORE
from .pictures import PICTURES

CORPUS: list[Brief] = [*BRIEFS, *MIXED, *MORE, *LONG, *PICTURES]

__all__ = ["BRIEFS", "CORPUS", "LONG", "MIXED", "MORE", "PICTURES", "Brief"]
