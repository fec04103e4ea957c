"""`drafter new`: a commented outline to fill, with the outline's JSON Schema beside it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from drafter.outline.json_schema import SCHEMA_FILE, schema_text
from drafter.outline.rules import year_words
from drafter.output import write_atomic, write_new
from drafter.render.templating import Templates

SKELETON_TEMPLATE = "skeleton.yaml.j2"
SKELETON_DIR = "skeletons"  # skeletons/KIND.yaml.j2: a kind's own skeleton, if it has one


def speech_year(today: dt.date) -> int:
    """The year of the speech a skeleton made on `today` is for: this year, and from December
    on the next (a speech drafted in December is for the conference at the turn of the year,
    which looks back on this year and plans the next)."""
    return today.year + 1 if today.month == 12 else today.year


def skeleton(templates: Templates, kind_name: str, year: int | None = None) -> str:
    """A commented outline for `kind_name` whose placeholders (【待补】) `check` will flag;
    its years are those of a speech of `year` (default: `speech_year` of today)."""
    kind = templates.kind(kind_name)
    year = year or speech_year(dt.date.today())
    context = {
        "kind": kind,
        "parts": kind.parts or ("review", "tasks", "requirements"),
        "year": year,
        "schema_file": SCHEMA_FILE,
        **year_words(year),
    }
    own = f"{SKELETON_DIR}/{kind.name}.yaml.j2"
    return templates.render(own if templates.has(own) else SKELETON_TEMPLATE, context)


def write_skeleton(
    templates: Templates, kind_name: str, output: Path, year: int | None = None
) -> None:
    """`drafter new -o FILE`: the skeleton (never over a file), and the schema beside it so the
    writer's editor completes keys (written once; an existing one is left alone). A schema
    that cannot be written takes the new outline away again: nothing is left half done."""
    write_new(output, skeleton(templates, kind_name, year).encode("utf-8"), command="new")
    schema_path = output.parent / SCHEMA_FILE
    if not schema_path.exists():
        try:
            write_atomic(schema_path, schema_text(templates.kinds().values()).encode("utf-8"))
        except BaseException:
            output.unlink(missing_ok=True)
            raise
