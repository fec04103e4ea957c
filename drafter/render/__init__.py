"""Rendering: the Jinja sandbox, templates and kinds, filters, and the block markup parser."""
