"""Griffe extension: bare doctest blocks and Sphinx roles in docstrings, made Markdown.

ftzlink's short docstrings put their ``>>>`` examples in the description, outside an
``Examples`` section; rendered as Markdown those lines become nested block quotes, and an output
such as ``[1.5, 1.5]`` after ``[1:]`` reads as a reference link. This wraps each such block
(prompt lines and their output, up to a blank line) in a fenced ``python`` code block and turns
Sphinx roles (:func:`name`) into inline code. Sections headed ``Examples`` are left to the
numpy parser, which already renders them as code.
"""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|obj|exc):`~?([^`]+)`")
HEADER = re.compile(r"^\s*-{3,}\s*$")


def markdown_docstring(text: str) -> str:
    lines, out, i, section = text.splitlines(), [], 0, None
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and HEADER.match(lines[i + 1]) and line.strip():
            section = line.strip()
        if section != "Examples" and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i].lstrip())
                i += 1
            out += [f"{indent}```python", *(indent + b for b in block), f"{indent}```"]
            continue
        out.append(ROLE.sub(r"`\1`", line) if section != "Examples" else line)
        i += 1
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
