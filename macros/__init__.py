"""hsms: health and safety management system manuals as code.

The package is named ``macros`` because the repository keeps all Python in ``macros/``
(it is also the mkdocs-macros module). Submodules: the model (``model``, ``library``,
``manual``), checks (``schemas``, ``validate``, ``coverage``), output (``site``, ``pdf``,
``publish``) and the thin ``cli``.
"""

__version__ = "0.1.0"
