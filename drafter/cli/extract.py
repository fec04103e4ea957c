"""`drafter extract`: a finished speech turned back into an outline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafter.cli.common import EncodingOption, NewFileOption, new_file, print_or_wrote, reported
from drafter.i18n import _


def extract(
    source: Annotated[
        str,
        typer.Argument(
            help=_("A speech: .docx, .txt/.md, or - for standard input."),
            show_default=False,
            metavar=_("SPEECH"),
        ),
    ],
    output: NewFileOption = None,
    encoding: EncodingOption = None,
) -> None:
    from drafter.analysis.extract import extract_to
    from drafter.decoding import read_bytes, read_stdin

    output = new_file(output)
    with reported():
        path = None if source == "-" else Path(source)
        raw = read_stdin() if path is None else read_bytes(path)
        text = extract_to(raw, path, output, encoding)
    print_or_wrote(text, output)
