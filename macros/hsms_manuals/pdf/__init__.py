"""The manual as one PDF: ``print_html`` builds the document, ``weasy`` lays it out."""

from .print_html import CrosswalkRow, DraftInfo, PrintDocument, PrintSection, combined_html
from .weasy import write_pdf

__all__ = ["CrosswalkRow", "DraftInfo", "PrintDocument", "PrintSection", "combined_html", "write_pdf"]
