"""The shipped templates, compiled ahead of time: what Jinja2 writes for them, kept as Python.

Compiling ``default.md.j2`` takes Jinja2 about 50 ms in every process that exports; its
compiled form, kept in ``compiled/`` beside this file, loads from Python's own bytecode in well
under a millisecond. Each compiled file starts with a stamp of everything its code depends
on: the template's text, the Jinja2 and Python versions, the sandbox's code (its code
generator and settings) and the names of the filters and tests. A file whose stamp is not
the running program's is never used: the template is compiled as any other.

Only the package's own templates are ever read from here; a user's templates are compiled
when they are loaded, and nothing compiled is written at run time. ``scripts/compile-templates``
writes the files, and a test fails when one is out of date.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
import jinja2.bccache

from ..core import paths

COMPILED = Path(__file__).resolve().parent / "compiled"
"""Where the compiled templates are kept, one module per template."""

SHIPPED = ("default.md.j2", "detailed.md.j2", "default.html.j2")
"""The templates kept compiled: the ones the export commands start from."""

_STAMP = "# stamp: "


@functools.cache
def _sandbox_code() -> bytes:
    """The bytes of the module that makes the environments: its code generator and settings."""
    return (Path(__file__).resolve().parent / "sandbox.py").read_bytes()


def stamp(environment: jinja2.Environment, source: str, name: str) -> str:
    """What a compiled template depends on, as one hash (``name`` is the name it is loaded
    by, which its code holds)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{jinja2.__version__}:{sys.version_info[:2]}:{name}:".encode())
    digest.update(f"{environment.autoescape!r}:{type(environment).__qualname__}\0".encode())
    digest.update(_sandbox_code())
    digest.update("\0".join(sorted(environment.filters)).encode())
    digest.update("\0".join(sorted(environment.tests)).encode())
    digest.update(source.encode("utf-8"))
    return digest.hexdigest()


def module_file(filename: str) -> Path | None:
    """The compiled module of the template at ``filename``; None when it is not shipped."""
    name = os.path.basename(filename)
    if name not in SHIPPED:
        return None
    shipped = paths.package_templates_dir().resolve()
    if Path(os.path.realpath(filename)).parent != shipped:
        return None
    return COMPILED / (name.replace(".", "_") + ".py")


def module_text(environment: jinja2.Environment, source: str, name: str, filename: str) -> str:
    """The text of a compiled module: the stamp, then the code Jinja2 writes."""
    code = environment.compile(source, name, filename, raw=True)
    head = f"{_STAMP}{stamp(environment, source, name)}\n# Written by scripts/compile-templates.\n"
    return head + code


def code_for(
    environment: jinja2.Environment, source: str, name: str, filename: str
) -> CodeType | None:
    """The compiled code of a shipped template, when its stamp is the running program's."""
    module = module_file(filename)
    if module is None:
        return None
    try:
        with open(module, encoding="utf-8") as handle:
            first = handle.readline().rstrip("\n")
    except OSError:
        return None
    if first != _STAMP + stamp(environment, source, name):
        return None
    loader = importlib.machinery.SourceFileLoader(
        f"{__package__}.compiled.{module.stem}", str(module)
    )
    try:
        code = loader.get_code(loader.name)
    except (OSError, SyntaxError, ImportError):
        return None
    if code is None:  # pragma: no cover - a source file always has code
        return None
    # Jinja2 names the template's file in tracebacks after the code's own file name.
    return code.replace(co_filename=filename)


class ShippedCode(jinja2.BytecodeCache):
    """A bytecode cache that only reads: the shipped templates' compiled code."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        """A bucket holding the compiled code of ``filename``, or none to compile."""
        bucket = jinja2.bccache.Bucket(environment, name, "")
        if filename is not None:
            bucket.code = code_for(environment, source, name, filename)
        return bucket

    def set_bucket(self, bucket: jinja2.bccache.Bucket) -> None:
        """Nothing is written at run time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:  # pragma: no cover
        """Unused: ``get_bucket`` fills the bucket."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:  # pragma: no cover
        """Unused: nothing is written."""


def write_all(environments: dict[str, Any]) -> list[Path]:
    """Write the compiled module of each shipped template with the environment it renders in
    (``environments`` maps a template's name to it); returns the files written."""
    COMPILED.mkdir(exist_ok=True)
    written = []
    folder = paths.package_templates_dir()
    for name in SHIPPED:
        source_file = folder / name
        source = source_file.read_text(encoding="utf-8")
        target = module_file(str(source_file))
        assert target is not None
        target.write_text(
            module_text(environments[name], source, name, str(source_file)), encoding="utf-8"
        )
        written.append(target)
    return written
