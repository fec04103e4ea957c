"""What Jinja's English errors mean, in the writer's language: a syntax error's gist and the
name a template or library entry used that is not defined (the location stays the caller's)."""

from __future__ import annotations

import re

import jinja2

from drafter.i18n import N_, _

# Jinja's names of the tokens it expected or found, as the template writes them.
_TOKENS = {
    "begin of print statement": "{{",
    "end of print statement": "}}",
    "begin of statement block": "{%",
    "end of statement block": "%}",
    "begin of comment": "{#",
    "end of comment": "#}",
}
_END = N_("the end of the template")

# (Jinja's message, what it means): the groups `name`, `found`, `expected` fill the message.
_SYNTAX = (
    (
        re.compile(r"Unexpected end of template\..*innermost block .* is '(?P<name>\w+)'", re.S),
        N_("the {name} block is not closed: add its {expected}"),
    ),
    (
        re.compile(r"Encountered unknown tag '(?P<name>[^']*)'"),
        N_("unknown tag {name} (misspelt, or closing a block that is not open)"),
    ),
    (
        re.compile(r"Expected an expression, got '(?P<found>[^']*)'"),
        N_("a value is missing before {found}"),
    ),
    (
        re.compile(r"expected token '(?P<expected>[^']*)', got '(?P<found>[^']*)'"),
        N_("{expected} is expected here, not {found}"),
    ),
    (
        re.compile(r"unexpected end of template, expected '(?P<expected>[^']*)'"),
        N_("the template ends where {expected} is expected"),
    ),
    (
        re.compile(r"unexpected '(?P<found>[^']*)', expected '(?P<expected>[^']*)'"),
        N_("{expected} is expected here, not {found}"),
    ),
    (
        re.compile(r"""unexpected (?:char )?(?P<q>['"])(?P<found>.*?)(?P=q)"""),
        N_("{found} does not belong here (a quote or bracket not closed?)"),
    ),
    (re.compile(r"No filter named '(?P<name>[^']*)'"), N_("there is no filter {name}")),
    (re.compile(r"No test named '(?P<name>[^']*)'"), N_("there is no test {name}")),
    (re.compile(r"block '(?P<name>[^']*)' defined twice"), N_("the block {name} is defined twice")),
    (re.compile(r"Missing end of comment tag"), N_("a comment {{# is not closed with #}}")),
)
_UNDEFINED = (
    (
        re.compile(r"'(?P<name>[^']*)' is undefined"),
        N_("{name} is not defined here (a misspelt name, or a value not given here)"),
    ),
    (
        re.compile(r"has no attribute '(?P<name>[^']*)'"),
        N_("there is no .{name} here (a misspelt name, or a value not given here)"),
    ),
    (re.compile(r"has no element (?P<name>.+)"), N_("there is no item {name} here")),
)


def syntax_message(err: jinja2.TemplateSyntaxError) -> str:
    """The gist of a syntax error: what is missing or out of place."""
    text = err.message or ""
    for found, meaning in _SYNTAX:
        match = found.search(text)
        if match is not None:
            return _("template syntax: {error}").format(error=_fill(meaning, match))
    return _("template syntax: {error}").format(error=text)


def undefined_message(err: jinja2.UndefinedError) -> str:
    """The name a template used that nothing defines."""
    text = str(err)
    for found, meaning in _UNDEFINED:
        match = found.search(text)
        if match is not None:
            return _(meaning).format(name=match.group("name"))
    return _("undefined: {error}").format(error=text)


def _fill(meaning: str, match: re.Match[str]) -> str:
    values = {key: _token(value) for key, value in match.groupdict().items() if value}
    if "{expected}" in meaning and "expected" not in values:  # an unclosed block's end tag
        values["expected"] = "{% end" + values.get("name", "") + " %}"
    return _(meaning).format(**values)


def _token(described: str) -> str:
    """A token as Jinja describes it, as written in a template ('end of print statement': }})."""
    if described == "end of template":
        return _(_END)
    return _TOKENS.get(described, described)
