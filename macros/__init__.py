"""hsms: health and safety management system manuals as code.

The package is named ``macros`` because the repository keeps all Python in ``macros/``.
Modules: the model (``model``, ``schemas``, ``yamlio``, ``library``, ``manual``), checks
(``validate``, ``coverage``, ``report``), the site (``plugin``, ``state``, ``render``,
``site_macros``, ``jinja_pages``, ``build``), the PDF (``edition``, ``pdf``), publishing
(``publish``, ``gitbranch``, ``changes``, ``export``) and the command line (``cli``, ``commands``,
``cli_publish``, ``scaffold``).
"""

__version__ = "0.1.0"
