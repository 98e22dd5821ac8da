"""Gaps and overlaps of the offering tray, for the coordinators of a region.

- `gaps`: the coverage matrix (tray category x language of service x target group, per
  municipality and for the region) and the languages the clients of the register need set
  against the languages services are given in. Counts of persons under 5 are suppressed.
- `overlaps`: probable overlaps, pairs of published entries of different providers that
  do the same thing in the same place, language and time.
- `export`: both as XLSX and CSV, with the same suppression.

Everything here is aggregate: no personal data leaves these functions, and nothing here is
a read of a person (the client figures are counts per language, never rows).
"""

from kotopolku.catalog.coverage.region import Region, region_for_user

__all__ = ["Region", "region_for_user"]
