"""Every message marked for translation is one the extractor finds: a ``_("...")`` inside an
f-string, or ``_()`` around an f-string, never reaches the catalog and shows untranslated."""

from __future__ import annotations

import ast

from tests.test_i18n import PACKAGES, ROOT, source_messages

MARKERS = {"_", "N_", "ngettext"}


def marked_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS and node.args):
            yield node


def test_every_marked_literal_is_extracted_and_no_marker_wraps_an_f_string():
    extracted = source_messages()
    problems = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for call in marked_calls(tree):
                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                first = call.args[0]
                if isinstance(first, ast.JoinedStr):
                    problems.append(f"{where}: {call.func.id}() around an f-string")
                elif (isinstance(first, ast.Constant) and isinstance(first.value, str)
                      and first.value not in extracted):
                    problems.append(f"{where}: {first.value!r} is not extracted")
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_marker_inside_an_f_string():
    tree = ast.parse('f"{_(\'Hidden\')}: {x}"')
    assert [ast.literal_eval(call.args[0]) for call in marked_calls(tree)] == ["Hidden"]
    assert "Hidden" not in source_messages()
