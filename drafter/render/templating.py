"""Render an outline through the Jinja templates of its kind into block markup.

The environment is sandboxed with StrictUndefined; the search path is the writer's template
folders first, then the built-in `templates/` (also reachable as `builtin/...` so a writer's
template can extend the built-in file it replaces). Outline values reach templates escaped
(see `markup.escape`): whatever a writer types is printed, never interpreted; in a traced
render they also carry the marks that say where they stand (`render/sources.py`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import yaml
from jinja2.loaders import split_template_path

from drafter import cache
from drafter.decoding import decode_text
from drafter.errors import DrafterError, Location, Problem, TemplateError, did_you_mean, listed
from drafter.folders import BUILT_IN, checked_file, folder_files, read_folder_file
from drafter.i18n import _
from drafter.outline.rules import year_words
from drafter.render.budget import Budget, TemplateRunaway
from drafter.render.jinja_messages import syntax_message, undefined_message
from drafter.render.markup import escape
from drafter.render.sandbox import (
    COMPILER_REVISION,
    new_sandbox,
    render_text,
    template_location,
)
from drafter.render.sources import CODES, viewed
from drafter.schema.records import Record
from drafter.schema.source import PathKey

if TYPE_CHECKING:
    from drafter.render.sources import Trace

KIND_DIR = "kinds"
BUILTIN_PREFIX = "builtin"
_META = re.compile(r"\A\s*\{#-?(.*?)-?#\}", re.S)


def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or the source tree's top level."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "base.j2").is_file():
            return candidate
    raise TemplateError(_("drafter's built-in templates are missing; reinstall drafter"))


@dataclass(frozen=True)
class Kind:
    """A speech kind: a template in `kinds/`, with the metadata from its leading comment."""

    name: str
    description: str
    parts: tuple[str, ...]
    path: Path
    source: str
    closing: str | None = None  # the library entry used when an outline gives no closing
    names: tuple[str, ...] = ()  # Chinese names an outline may give as its kind (年度工作会议)

    @property
    def template_name(self) -> str:
        return f"{KIND_DIR}/{self.name}.j2"


class View:
    """Read-only view of outline data for templates. Strings inside are escaped markup."""

    __slots__ = ("_name", "_path", "_trace", "_values")

    def __init__(
        self, name: str, values: dict[str, Any], path: PathKey = (), trace: Trace | None = None
    ) -> None:
        self._name = name
        self._values = values
        self._path = path
        self._trace = trace

    def _source_mark(self) -> str:
        """The mark of text written from this record (`sources.keyed`), in a traced render."""
        return self._trace.opener(self._path) if self._trace is not None else ""

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def __repr__(self) -> str:
        return f"<{self._name}>"

    def keys(self) -> list[str]:
        return list(self._values)


def to_view(
    value: Any, name: str = "outline", trace: Trace | None = None, path: PathKey = ()
) -> Any:
    """Model → Views, lists and escaped strings; numbers and dates stay as they are. With a
    `trace`, strings and dates carry the marks of their keys (codes never: `sources.CODES`)."""
    if isinstance(value, Record):
        values = {}
        for key, declared in value.fields.items():
            written = declared.key or key
            marked = None if trace is None or written in CODES else trace
            values[key] = to_view(getattr(value, key), key, marked, (*path, written))
        return View(name, values, path, trace)
    if isinstance(value, list | tuple):
        return [to_view(item, name, trace, (*path, i)) for i, item in enumerate(value)]
    if isinstance(value, dict):
        items = {str(k): to_view(v, str(k), trace, (*path, k)) for k, v in value.items()}
        return View(name, items, path, trace)
    if isinstance(value, str):
        return viewed(escape(value), value) if trace is None else trace.mark(value, path)
    if trace is not None and isinstance(value, dt.date):
        return trace.dated(value, path)
    return value


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names the outline key and suggests close ones."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        if isinstance(owner, View) and not self._undefined_hint:
            name = str(self._undefined_name)
            hint = did_you_mean(name, owner.keys())
            return _("{record} has no key '{key}'{hint}").format(
                record=repr(owner), key=name, hint=hint
            )
        return super()._undefined_message


class FolderLoader(jinja2.BaseLoader):
    """Templates from folders, first match wins; only regular files inside the folder are
    read (see `drafter.folders`), as UTF-8."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..'
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if os.path.isdir(path) or not os.path.lexists(path):  # False where it cannot look
                continue
            text = decode_text(read_folder_file(folder, path), str(path), "utf-8")
            real = checked_file(folder, path)
            mtime = real.stat().st_mtime

            def uptodate(real: Path = real, mtime: float = mtime) -> bool:
                try:
                    return real.stat().st_mtime == mtime
                except OSError:
                    return False

            return text, os.path.normpath(path), uptodate
        raise jinja2.TemplateNotFound(template)


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled-template cache; a cache that cannot be read or written is skipped."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from drafter.decoding import open_regular

        # Jinja's own open() would wait forever on a pipe put in the cache folder
        path = Path(self._get_cache_filename(bucket))
        with contextlib.suppress(OSError, EOFError, ValueError), open_regular(path) as handle:
            bucket.load_bytecode(handle)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates are cached per drafter version (compiling is most of a cold render's
    template time); DRAFTER_NO_CACHE=1 turns this off."""
    from drafter import __version__, cache

    if not cache.enabled():
        return None
    folder = cache.folder(f"templates-{__version__}-r{COMPILER_REVISION}")
    return None if folder is None else _QuietBytecodeCache(str(folder))


class Templates:
    """The template search path: the writer's folders first, then the built-in templates."""

    def __init__(
        self, user_dirs: Sequence[Path] = (), origins: Mapping[Path, Location] | None = None
    ) -> None:
        """`origins`: where the settings name each folder (drafter.yaml:4:16), for messages."""
        self.builtin = builtin_templates()
        self.user_dirs = [Path(d) for d in user_dirs]
        for folder in self.user_dirs:
            if not os.path.isdir(folder):
                message = _("template folder {folder} does not exist").format(folder=folder)
                found = (origins or {}).get(folder)
                raise TemplateError(problems=[Problem(message, found, "template_dirs")])
        search = [*self.user_dirs, self.builtin]
        loader = jinja2.ChoiceLoader(
            [
                FolderLoader(search),
                jinja2.PrefixLoader({BUILTIN_PREFIX: FolderLoader([self.builtin])}),
            ]
        )
        self.env = new_sandbox(
            loader=loader,
            undefined=_Undefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
            bytecode_cache=_bytecode_cache(),
        )
        self._kinds: dict[str, Kind] | None = None

    def kinds(self) -> dict[str, Kind]:
        """Every kind on the search path; a writer's kind replaces a built-in of the same name."""
        if self._kinds is None:
            found: dict[str, Kind] = {}
            for folder in (*self.user_dirs, self.builtin):
                source = BUILT_IN if folder == self.builtin else str(folder)
                for path in folder_files(folder / KIND_DIR, "*.j2", recursive=False):
                    if path.stem not in found:
                        found[path.stem] = _read_kind(folder, path, source)
            self._kinds = found
        return self._kinds

    def kind_names(self) -> dict[str, str]:
        """Each Chinese name of a kind → the kind (a writer's kind wins a name it shares)."""
        names: dict[str, str] = {}
        for kind in self.kinds().values():
            for name in kind.names:
                names.setdefault(name, kind.name)
        return names

    def kind(self, name: str) -> Kind:
        kinds = self.kinds()
        if name not in kinds:
            hint = did_you_mean(name, kinds)
            raise TemplateError(
                _("unknown kind '{kind}'{hint}; kinds: {kinds}").format(
                    kind=name, hint=hint, kinds=listed(sorted(kinds))
                )
            )
        return kinds[name]

    def has(self, template_name: str) -> bool:
        """Whether a template of that name is on the search path."""
        try:
            self.env.get_template(template_name)
        except jinja2.TemplateNotFound:
            return False
        except (jinja2.TemplateError, DrafterError):
            return True  # it exists; rendering will report what is wrong with it
        return True

    def render(
        self, template_name: str, context: dict[str, Any], budget: Budget | None = None
    ) -> str:
        """Render one template to text within `budget` (the render's, shared with the library
        entries filled in for it; a fresh one if none), with errors at template file:line."""
        where = template_name  # becomes the template's file once it is found
        try:
            template = self.env.get_template(template_name)
            where = template.filename or template_name
            return render_text(template, context, budget or Budget())
        except DrafterError:  # a template file drafter refuses to read, already located
            raise
        except jinja2.TemplateSyntaxError as err:
            location = Location(err.filename or err.name or template_name, err.lineno or 0)
            raise TemplateError(
                problems=[Problem(syntax_message(err), location, rule="template")]
            ) from None
        except jinja2.TemplateNotFound as err:
            msg = _("template '{template}' not found (searched {folders})").format(
                template=err.name, folders=self._describe_path()
            )
            raise TemplateError(msg) from None
        except Exception as err:  # any failure inside a user's template is reported, located
            raise TemplateError(problems=[self._runtime_problem(err, where)]) from None

    def _describe_path(self) -> str:
        return ", ".join(str(d) for d in (*self.user_dirs, self.builtin))

    def _runtime_problem(self, err: Exception, template_name: str) -> Problem:
        location = template_location(err.__traceback__) or Location(template_name)
        if isinstance(err, jinja2.UndefinedError):
            message = undefined_message(err)
        elif isinstance(err, jinja2.exceptions.SecurityError):
            message = _("not allowed in a template: {error}").format(error=err)
        elif isinstance(err, TemplateRunaway):
            message = _("template stopped: {reason}").format(reason=err)
        elif isinstance(err, RecursionError):
            message = _("template stopped: a macro or include calls itself without end")
        else:
            message = f"{type(err).__name__}: {err}"
        return Problem(message, location, rule="template")


def _read_kind(folder: Path, path: Path, source: str) -> Kind:
    """A kind's description, usual parts, default closing and Chinese names come from a YAML
    comment at the top of its file."""
    description, parts, closing, names = "", (), None, ()
    head = read_folder_file(folder, path)[:4000].decode("utf-8", "replace")
    match = _META.match(head)
    if match:
        meta = cache.remember(f"kind {yaml.__version__}", match.group(1), partial(_meta, match))
        if isinstance(meta, dict):
            description = str(meta.get("description", ""))
            raw_parts = meta.get("parts") or ()
            parts = tuple(str(p) for p in raw_parts) if isinstance(raw_parts, list) else ()
            closing = str(meta["closing"]) if meta.get("closing") else None
            raw_names = meta.get("names") or ()
            names = tuple(str(n) for n in raw_names) if isinstance(raw_names, list) else ()
    return Kind(path.stem, description, parts, path, source, closing, names)


def _meta(found: re.Match[str]) -> Any:
    try:
        return yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return None


def speech_context(
    outline: Any, kind: Kind, extra: dict[str, Any] | None = None, trace: Trace | None = None
) -> dict[str, Any]:
    """What every speech template sees: the outline view (marked, with a `trace`), its kind,
    years, office words."""
    year = outline.effective_year()
    return {
        "outline": to_view(outline, trace=trace),
        "kind": kind.name,
        "year": year,
        **year_words(year),
        **(extra or {}),
    }
