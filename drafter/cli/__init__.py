"""The drafter command line: one module per command (two where they belong together), the
typer app that gathers them (`app`), and `render`'s usual command lines read without typer
(`render`, `options`), as `drafter.__main__` does. Nothing in drafter imports this package but
`drafter.__main__`; importing it loads nothing.
"""
