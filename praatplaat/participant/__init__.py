"""The phones' blueprint: `views` (join, questions, together, list, closing) and `translating` (Vertalen), whose
routes are on the same blueprint."""

from . import translating  # noqa: F401  (imports views, and adds its routes to views.bp)
