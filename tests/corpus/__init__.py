"""Briefs for tests: the corpus every extractor and design is measured on."""

from .briefs import BRIEFS, Brief
from .mixed import MIXED
from .more import MORE

CORPUS: list[Brief] = [*BRIEFS, *MIXED, *MORE]

__all__ = ["BRIEFS", "CORPUS", "MIXED", "MORE", "Brief"]
