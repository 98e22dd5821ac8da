"""Catalogue import and export (docs/catalog-import.md).

`import_file` reads Open Referral HSDS 3.0 JSON or data packages, the City of Helsinki
service register's errand services and Suomi.fi PTV v11 service JSON, all or nothing per
file; `export_hsds` writes the published entries as an HSDS 3.0 tabular data package.
"""

from kotopolku.catalog.exchange.common import FormatError, Rejection
from kotopolku.catalog.exchange.export import ExportReport, export_hsds
from kotopolku.catalog.exchange.importer import Report, import_file

__all__ = ["ExportReport", "FormatError", "Rejection", "Report", "export_hsds", "import_file"]
