"""Briefs for tests: the corpus every extractor and design is measured on."""

from .briefs import BRIEFS, Brief
from .mixed import MIXED

CORPUS: list[Brief] = [*BRIEFS, *MIXED]

__all__ = ["BRIEFS", "CORPUS", "MIXED", "Brief"]
