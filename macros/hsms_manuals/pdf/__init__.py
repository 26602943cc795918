"""The manual as one PDF (WeasyPrint): see ``render``."""

from .render import CrosswalkRow, PrintDocument, PrintSection, combined_html, write_pdf

__all__ = ["CrosswalkRow", "PrintDocument", "PrintSection", "combined_html", "write_pdf"]
