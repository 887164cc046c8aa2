"""Every string a user reads goes through the translation layer, in templates and in Python.

Templates are read with Jinja's own lexer and parser and the stdlib HTML parser; Python
with `ast`. A literal that reaches the user without `_()` (or `_l()`, `ngettext`, ...)
fails the test, which names the file, the line and the string, and says how to fix it.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parent.parent
PYTHON_SOURCES = ("app.py", "boutique", "inventory", "pos")

GETTEXT_CALLS = frozenset({"_", "_l", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext", "pgettext",
                           "npgettext", "lazy_pgettext"})

# Words that read the same in every language. Anything else with letters needs _().
# Codes with digits (RCN-13, EAN-13, A4, 3XL, #f08bb4) are never words and need no entry.
ALLOWED_WORDS = frozenset({
    "EAN",  # a barcode standard: a name, not a word
    "Swish",  # a Swedish payment brand, the same in every language
})

# Legal texts that stay Swedish whatever the interface language, per file, with the reason.
ALLOWED_IN_FILE: dict[str, frozenset[str]] = {
    # The receipt is a Swedish legal document (Skatteverket's rules for cash registers):
    # printed in Swedish for every cashier, inside <article lang="sv">.
    "templates/pos/receipt.html": frozenset({"Org.nr", "Kvittonr", "Kontrollkod"}),
}

# Python literals shown to users on purpose, untranslated: (file, text) and why.
ALLOWED_PYTHON: dict[tuple[str, str], str] = {
    ("boutique/models.py", "Svenska"): "each language is named in itself in the language switch",
    ("boutique/models.py", "English"): "each language is named in itself in the language switch",
    ("boutique/models.py", "العربية"): "each language is named in itself in the language switch",
}


@dataclass(frozen=True)
class Finding:
    """One unmarked string: where it is, what it is, and how to mark it."""

    path: str
    line: int
    text: str
    where: str
    fix: str

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: {self.where} "{self.text}" is not marked for translation; {self.fix}'


def has_words_to_translate(text: str, allowed: Iterable[str] = ()) -> bool:
    """True when the text holds a word with letters that is not a name, unit or legal token."""
    allowed = ALLOWED_WORDS | set(allowed)
    for word in re.findall(r"\w[\w.\-]*", text):
        word = word.rstrip(".-")
        if (any(ch.isalpha() for ch in word) and not any(ch.isdigit() for ch in word)
                and word not in allowed):
            return True
    return False


# --- Templates -----------------------------------------------------------------------------

JINJA = Environment(extensions=["jinja2.ext.i18n"])
# Stands in for every Jinja tag in the HTML skeleton: no letters, and spaced, so it never
# glues onto a tag name or a word.
MARK = " \u241f "
USER_VISIBLE_ATTRIBUTES = frozenset({"placeholder", "title", "alt", "aria-label", "aria-description",
                                     "aria-placeholder", "aria-roledescription", "aria-valuetext"})
BUTTON_INPUT_TYPES = frozenset({"submit", "button", "reset"})
BLANK = " \t\r\n\f" + MARK.strip()  # what text may start or end with and still say nothing


def printed_constants(node: nodes.Node) -> Iterator[str]:
    """String constants a `{{ ... }}` prints as they are: `{{ "Yes" if x else "No" }}`, `x|default("none")`."""
    if isinstance(node, nodes.Const):
        if isinstance(node.value, str):
            yield node.value
    elif isinstance(node, nodes.CondExpr):
        yield from printed_constants(node.expr1)
        if node.expr2 is not None:
            yield from printed_constants(node.expr2)
    elif isinstance(node, nodes.Concat):
        for part in node.nodes:
            yield from printed_constants(part)
    elif isinstance(node, nodes.Filter) and node.name in ("default", "d"):
        if node.node is not None:
            yield from printed_constants(node.node)
        for arg in node.args[:1]:
            yield from printed_constants(arg)


def _printed_text(tag_source: str) -> str:
    """What a `{{ ... }}` tag stands for in the skeleton: MARK, with any literal it prints “quoted”."""
    output = JINJA.parse(tag_source).body[0]
    texts = [text for expr in output.nodes for text in printed_constants(expr)]
    return MARK.join([""] + [f"\u201c{text}\u201d" for text in texts] + [""]) if texts else MARK


def _skeleton(source: str, name: str, attribute_blocks: frozenset[str]) -> tuple[str, set[str]]:
    """The skeleton (see html_skeleton) and the names of blocks this template opens inside an HTML tag."""
    out: list[str] = []
    opened_in_tags: set[str] = set()
    line = 1
    in_trans = False
    blocks: list[bool] = []  # for each open {% block %}: is its text attribute content?
    tag: list[tuple[str, str]] = []
    for lineno, token, value in JINJA.lex(source, name):
        if token in ("block_begin", "variable_begin"):
            tag = []
        tag.append((token, value))
        if token == "data":
            if lineno > line:
                out.append("\n" * (lineno - line))
                line = lineno
            out.append("\n" * value.count("\n") if in_trans or any(blocks) else value)
            line += value.count("\n")
        elif token == "variable_end":
            out.append(_printed_text("".join(v for _t, v in tag)))
        elif token == "block_end":
            words = [v for t, v in tag if t == "name"]
            statement = words[0] if words else ""
            if statement in ("trans", "endtrans"):
                in_trans = statement == "trans"
            elif statement == "block" and len(words) > 1:
                text = "".join(out)
                if text.rfind("<") > text.rfind(">"):  # <body class="{% block body_class %}">
                    opened_in_tags.add(words[1])
                blocks.append(words[1] in attribute_blocks)
            elif statement == "endblock" and blocks:
                blocks.pop()
            out.append(MARK)
        elif token == "comment_end":
            out.append(MARK)
    return "".join(out), opened_in_tags


@functools.cache
def attribute_blocks() -> frozenset[str]:
    """Blocks a parent template opens inside an HTML tag (body_class): children fill them with attributes."""
    found: set[str] = set()
    for path in template_paths():
        found |= _skeleton(path.read_text(encoding="utf-8"), path.name, frozenset())[1]
    return frozenset(found)


def html_skeleton(source: str, name: str = "template", in_tags: frozenset[str] = frozenset()) -> str:
    """The template's literal HTML with each Jinja tag replaced by MARK and the literals it prints, lines kept.

    Text of `{% trans %}` blocks is dropped (it is marked), and so is the text of blocks in
    `in_tags`, which a parent places inside an HTML tag (class names, data attributes).
    """
    return _skeleton(source, name, in_tags)[0]


class _VisibleText(HTMLParser):
    """Collects text nodes and user-visible attribute values with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, where, text)
        self.raw_tag: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.raw_tag = tag
        line = self.getpos()[0]
        values = dict(attrs)
        for attr, value in attrs:
            if value is None:
                continue
            if attr in USER_VISIBLE_ATTRIBUTES or (
                    attr == "value" and tag == "input" and (values.get("type") or "").lower() in BUTTON_INPUT_TYPES):
                self.found.append((line, f'attribute {attr}= of <{tag}>', value))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.raw_tag:
            self.raw_tag = None

    def handle_data(self, data: str) -> None:
        if self.raw_tag:  # scripts and styles are code, not text
            return
        text = data.strip(BLANK)
        if text:
            lead = data[:len(data) - len(data.lstrip(BLANK))]
            self.found.append((self.getpos()[0] + lead.count("\n"), "text", text))


def template_findings(source: str, path: str, in_tags: frozenset[str] | None = None) -> list[Finding]:
    """Unmarked user-visible text in one template's source."""
    allowed = ALLOWED_IN_FILE.get(path, frozenset())
    parser = _VisibleText()
    parser.feed(html_skeleton(source, path, attribute_blocks() if in_tags is None else in_tags))
    parser.close()
    findings = []
    for line, where, text in parser.found:
        if has_words_to_translate(text.replace(MARK.strip(), " "), allowed):
            text = " ".join(text.replace(MARK.strip(), " {{ … }} ").split())
            fix = ('mark it: {{ _("...") }}, with a placeholder for a value: '
                   '{{ _("... %(name)s", name=value) }}')
            findings.append(Finding(path, line, text, where, fix))
    return findings


def template_paths() -> list[Path]:
    """Every page template."""
    return sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_template_shows_text_that_is_not_marked_for_translation(path):
    relative = str(path.relative_to(ROOT))
    findings = template_findings(path.read_text(encoding="utf-8"), relative)
    assert not findings, "\n".join(map(str, findings))


# --- Python --------------------------------------------------------------------------------

# wtforms validators and the position of their `message` argument when given positionally.
VALIDATOR_MESSAGE_POSITION = {"DataRequired": 0, "InputRequired": 0, "Email": 0, "Length": 2, "NumberRange": 2,
                              "EqualTo": 1, "Regexp": 2, "AnyOf": 1, "NoneOf": 1, "URL": 1, "UUID": 0,
                              "IPAddress": 2, "MacAddress": 0, "Optional": None, "ReadOnly": None,
                              "Disabled": None}
# Where wtforms turns a ValueError into the field's error message for the user.
FIELD_HOOKS = frozenset({"process_formdata", "process_data", "pre_validate", "post_validate"})
DISPLAY_TABLE_SUFFIXES = ("_NAMES", "_CHOICES", "_LABELS", "_REASONS")
PY_FIX = ('wrap it: _("...") in a request, _l("...") where it is evaluated at import time '
          '(class attributes, form fields, module constants)')


def call_name(call: ast.Call) -> str:
    """`flash` for flash(...) and for helpers.flash(...)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def literal_texts(node: ast.AST | None) -> list[str]:
    """The literal text a value carries unless it went through gettext: strings, f-strings, 'a' + b, 'a %s' % b."""
    if node is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value for part in node.values
                       if isinstance(part, ast.Constant) and isinstance(part.value, str))
        return [text]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return literal_texts(node.left) + (literal_texts(node.right) if isinstance(node.op, ast.Add) else [])
    if isinstance(node, ast.IfExp):
        return literal_texts(node.body) + literal_texts(node.orelse)
    if isinstance(node, ast.Call) and call_name(node) == "str" and node.args:
        return literal_texts(node.args[0])
    return []


def display_pairs(node: ast.AST) -> Iterator[ast.AST]:
    """The labels of a choices list [(value, label), ...] or a table {value: label}, wherever it is built."""
    if isinstance(node, ast.Dict):
        yield from (value for value in node.values if value is not None)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for element in node.elts:
            if isinstance(element, ast.Tuple) and len(element.elts) == 2:
                yield element.elts[1]
            else:
                yield from display_pairs(element)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        if isinstance(node.elt, ast.Tuple) and len(node.elt.elts) == 2:
            yield node.elt.elts[1]
    elif isinstance(node, ast.Lambda):
        yield from display_pairs(node.body)
    elif isinstance(node, ast.Call) and call_name(node) not in GETTEXT_CALLS:
        for arg in node.args:  # select_choices([...]), list({...}.items())
            yield from display_pairs(arg)
        if isinstance(node.func, ast.Attribute):  # {...}.items()
            yield from display_pairs(node.func.value)


def error_classes(trees: Iterable[ast.Module]) -> set[str]:
    """Names of DomainError and every subclass defined in the code, plus wtforms' own error classes."""
    bases: dict[str, set[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                                    for base in node.bases}
    found = {"DomainError", "ValidationError", "StopValidation"}
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                changed = True
    return found


class _UnmarkedPython(ast.NodeVisitor):
    """Walks one module and records literals that reach users unwrapped."""

    def __init__(self, path: str, errors: set[str]) -> None:
        self.path = path
        self.errors = errors
        self.found: list[Finding] = []
        self.function: list[str] = []

    def flag(self, node: ast.AST | None, where: str) -> None:
        for text in literal_texts(node):
            if has_words_to_translate(text) and (self.path, text) not in ALLOWED_PYTHON:
                self.found.append(Finding(self.path, getattr(node, "lineno", 0), text, where, PY_FIX))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.function.append(node.name)
        if node.name.endswith("_choices"):
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    for label in display_pairs(ret.value):
                        self.flag(label, f"label in {node.name}()")
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for statement in node.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                if any(isinstance(t, ast.Name) and t.id == "default_message" for t in targets):
                    self.flag(statement.value, f"{node.name}.default_message")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if (not self.function and node.value is not None
                and any(isinstance(t, ast.Name) and t.id.endswith(DISPLAY_TABLE_SUFFIXES) for t in targets)):
            for label in display_pairs(node.value):
                self.flag(label, "display name in a table")
        self.generic_visit(node)

    visit_AnnAssign = visit_Assign  # type: ignore[assignment]

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if (isinstance(exc, ast.Call) and call_name(exc) == "ValueError" and exc.args and self.function
                and (self.function[-1] in FIELD_HOOKS or self.function[-1].startswith("validate_"))):
            self.flag(exc.args[0], "ValueError a form field shows")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = call_name(node)
        keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        if name in GETTEXT_CALLS:
            return  # marked: nothing inside needs a look
        if name == "flash" and node.args:
            self.flag(node.args[0], "flash() message")
        elif name == "abort":
            self.flag(node.args[1] if len(node.args) > 1 else keywords.get("description"), "abort() description")
        elif name in self.errors:
            self.flag(node.args[0] if node.args else keywords.get("message"), f"{name} message")
        elif name in VALIDATOR_MESSAGE_POSITION:
            position = VALIDATOR_MESSAGE_POSITION[name]
            message = keywords.get("message")
            if message is None and position is not None and len(node.args) > position:
                message = node.args[position]
            self.flag(message, f"{name} validator message")
        elif name.endswith("Field") and name != "Field":  # pydantic's Field describes the API, in English
            self.flag(node.args[0] if node.args else keywords.get("label"), f"{name} label")
            self.flag(keywords.get("description"), f"{name} description")
            if "choices" in keywords:
                for label in display_pairs(keywords["choices"]):
                    self.flag(label, f"{name} choice")
        elif name == "SelectChoice" and len(node.args) > 1:
            self.flag(node.args[1], "SelectChoice label")
        elif name == "select_choices" and node.args:
            for label in display_pairs(node.args[0]):
                self.flag(label, "choice label")
        self.generic_visit(node)


def python_findings(sources: dict[str, str]) -> list[Finding]:
    """Unmarked user-facing literals in the given modules ({path: source})."""
    trees = {path: ast.parse(source, path) for path, source in sources.items()}
    errors = error_classes(trees.values())
    findings: list[Finding] = []
    for path, tree in trees.items():
        visitor = _UnmarkedPython(path, errors)
        visitor.visit(tree)
        findings.extend(visitor.found)
    return findings


def python_sources() -> dict[str, str]:
    """The application's modules: app.py and the three packages (not tests, bench or migrations)."""
    paths: list[Path] = []
    for entry in PYTHON_SOURCES:
        target = ROOT / entry
        paths.extend([target] if target.is_file() else sorted(target.rglob("*.py")))
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}


def test_no_python_module_shows_text_that_is_not_marked_for_translation():
    findings = python_findings(python_sources())
    assert not findings, "\n".join(map(str, findings))


# --- The checkers can fail -----------------------------------------------------------------

SYNTHETIC_TEMPLATE = """{% extends "base.html" %}
{% block content %}
<h1>{{ _("Marked heading") }}</h1>
<p>Unmarked paragraph</p>
<input name="q" placeholder="Search garments">
<input type="submit" value="{{ _('Save') }}">
<button type="submit" title="Send it">{{ _("Send") }}</button>
<select><option value="a">Apples</option><option>{{ _("Pears") }}</option></select>
<img src="x.png" alt="">
<p>{{ "Printed literal" if flag else _("Marked") }} · 12 × 3 → {{ price|money }} kr</p>
<p class="{{ 'done' if flag }}"><input type="checkbox" {{ ' checked' if flag }}></p>
<p>{% trans %}A trans block is marked{% endtrans %}</p>
<script>const notText = "Not a user string";</script>
<!-- a comment is no text -->
<p>EAN {{ code }} RCN-13 · Swish</p>
{% endblock %}
{% block body_class %}workshop{% endblock %}
"""


def test_the_template_checker_flags_unmarked_text_and_passes_marked_text():
    found = {(f.line, f.text) for f in template_findings(SYNTHETIC_TEMPLATE, "templates/synthetic.html")}
    assert found == {(4, "Unmarked paragraph"), (5, "Search garments"), (7, "Send it"), (8, "Apples"),
                     (10, "\u201cPrinted literal\u201d {{ … }} · 12 × 3 → {{ … }} kr")}


def test_the_template_checker_keeps_legal_swedish_only_where_it_is_allowed():
    receipt = '<p>Kvittonr {{ receipt.receipt_no }}</p>'
    assert template_findings(receipt, "templates/pos/receipt.html") == []
    assert [f.text for f in template_findings(receipt, "templates/pos/report.html")] == ["Kvittonr"]


SYNTHETIC_PYTHON = '''
from flask import abort, flash
from flask_babel import _, lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length
from boutique.errors import DomainError


class Oops(DomainError):
    default_message = "Something went wrong."


class Fine(DomainError):
    default_message = _l("Something else went wrong.")


class Form:
    name = StringField("Name", validators=[DataRequired(message="Fill in a name.")])
    note = StringField(_l("Note"), validators=[Length(max=10, message=_l("Too long."))])
    kind = SelectField(_l("Kind"), choices=[("a", "Apples"), ("b", _l("Pears"))], description="Pick one")


COLOUR_NAMES = {"red": "Red", "blue": _l("Blue")}


def shape_choices():
    return [("round", "Round"), ("square", _l("Square"))]


def view(count):
    flash("Saved.", "success")
    flash(_("Saved %(count)s.", count=count), "success")
    flash(f"Saved {count} garments.")
    abort(404, description="No such garment")
    raise Oops("This went wrong")
    raise Oops(_("Marked message"))


class HoursField(StringField):
    def process_formdata(self, valuelist):
        raise ValueError("Write a number.")
'''


def test_the_python_checker_flags_unmarked_literals_and_passes_marked_ones():
    found = {(f.text, f.where) for f in python_findings({"synthetic.py": SYNTHETIC_PYTHON})}
    assert found == {
        ("Something went wrong.", "Oops.default_message"),
        ("Name", "StringField label"),
        ("Fill in a name.", "DataRequired validator message"),
        ("Apples", "SelectField choice"),
        ("Pick one", "SelectField description"),
        ("Red", "display name in a table"),
        ("Round", "label in shape_choices()"),
        ("Saved.", "flash() message"),
        ("Saved  garments.", "flash() message"),
        ("No such garment", "abort() description"),
        ("This went wrong", "Oops message"),
        ("Write a number.", "ValueError a form field shows"),
    }


def test_a_finding_names_the_file_the_line_the_string_and_the_fix():
    finding = python_findings({"pos/synthetic.py": 'from flask import flash\nflash("Saved.")\n'})[0]
    assert str(finding).startswith('pos/synthetic.py:2: flash() message "Saved." is not marked for translation')
    assert '_("...")' in str(finding)
