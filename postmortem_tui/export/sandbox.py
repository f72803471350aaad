"""The sandbox export templates run in: what a template may read, load, and how long it may run.

Templates come from a team's repository and may run in its CI, next to its secrets, so:

- every attribute a template reaches goes through Jinja2's sandbox checks
  (``ImmutableSandboxedEnvironment``), the attributes ``md_table`` reads for its columns too
  (``read_attribute``): no underscore names, no Python internals (``gi_frame``, ``f_globals``),
  no method that changes a list, a dict or the draft;
- ``{% include %}``, ``{% import %}`` and ``{% extends %}`` load only templates: names ending in
  ``.j2``, inside the template folders, with symlinks resolved and checked (``TemplateLoader``);
- rendering is bounded in time and in output size (``RenderLimits``; ``[export]`` in the
  configuration file): every loop step, call, attribute and operator checks the clock, every
  string built is measured, and a repeat, a width or a power that would build more than the limit
  is refused before it is built. A template past a limit ends with ``TemplateLimitError``.
"""

from __future__ import annotations

import contextvars
import os
import re
import string
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import jinja2
import jinja2.defaults
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from .shipped import ShippedCode

TEMPLATE_SUFFIX = ".j2"
"""The ending every template's file name has; nothing else is loaded as a template."""

DEFAULT_TIME_LIMIT = 10.0
"""Seconds a template may take to render (the shipped ones take a few milliseconds)."""

DEFAULT_OUTPUT_LIMIT = 64 * 1024 * 1024
"""Characters a rendered document, or any one string a template builds, may hold (64 Mi: a
draft at the size limit, escaped, fits)."""

MAX_COUNT = 100_000
"""The largest repeat count, width or ``lipsum`` size a template may ask of a string method or a
filter (Jinja2's own limit for ``range``)."""

_MAX_INT_BITS = 1_000_000  # about 300,000 digits; 9**9**9 would take minutes to compute

# Model methods that change the draft; a template only reads it.
_MUTATING_METHODS = frozenset({"sort_timeline", "new"})


class TemplateLimitError(SecurityError):
    """A template went past a limit of time or size; ``str()`` says which and how to raise it."""


@attrs.frozen
class RenderLimits:
    """How long a template may run and how much it may write."""

    seconds: float = DEFAULT_TIME_LIMIT
    characters: int = DEFAULT_OUTPUT_LIMIT


class _Budget:
    """The limits of one render and what it has used of them."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.written = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"rendering stopped after {self.limits.seconds:g} s, the time a template may "
                "take (raise it with time_limit in the [export] table of the configuration file)"
            )

    def too_large(self, size: int, what: str = "the document") -> TemplateLimitError:
        return TemplateLimitError(
            f"rendering stopped: {what} would hold {size:,} characters, over the limit of "
            f"{self.limits.characters:,} (raise it with output_limit in the [export] table of "
            "the configuration file)"
        )

    def write(self, size: int) -> None:
        self.written += size
        if self.written > self.limits.characters:
            raise self.too_large(self.written)
        self.tick()


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)
_DEFAULTS = RenderLimits()


def _budget() -> _Budget:
    budget = _BUDGET.get()
    # Outside render_limited (md_table called from Python, a template's render()): the default
    # sizes, and a clock that starts afresh at each check.
    return budget if budget is not None else _Budget(_DEFAULTS)


def _check_size(value: Any) -> Any:
    """``value`` when it is small enough to keep; raises TemplateLimitError otherwise."""
    if isinstance(value, str | list | tuple | bytes | dict):
        budget = _budget()
        if len(value) > budget.limits.characters:
            raise budget.too_large(len(value), "a value")
    elif isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
        raise TemplateLimitError("rendering stopped: a number too large to compute")
    return value


def _check_count(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise TemplateLimitError(
            f"rendering stopped: {what} of {value:,} is over the limit of {MAX_COUNT:,}"
        )


_PERCENT_SPEC = re.compile(r"%[-#0 +]*+(\d*+)(?:\.(\d*+))?")


def _check_format_string(text: str, percent: bool) -> None:
    """Refuse a format string whose widths or precisions would build a huge string."""
    if percent:
        for match in _PERCENT_SPEC.finditer(text):
            for digits in match.groups():
                if digits:
                    _check_count(int(digits), "a format width")
        return
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises its own error when called
    for _, _, spec, _ in fields:
        for digits in re.findall(r"\d++", spec or ""):
            _check_count(int(digits), "a format width")


def _sized(value: Any) -> int | None:
    try:
        return len(value)
    except TypeError:
        return None


def _check_replace(text: Any, old: Any, new: Any) -> None:
    strings = isinstance(text, str) and isinstance(old, str) and isinstance(new, str)
    if strings and len(new) > len(old):
        estimate = (len(text) // max(len(old), 1) + 1) * len(new) + len(text)
        if estimate > _budget().limits.characters:
            raise _budget().too_large(estimate, "a replace")


def _check_join(separator: Any, items: Any) -> None:
    count = _sized(items)
    if isinstance(separator, str) and count is not None:
        estimate = len(separator) * count
        if estimate > _budget().limits.characters:
            raise _budget().too_large(estimate, "a join")


def _check_builtin_call(func: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Before a built-in method runs: no width or count that builds a huge string or list."""
    owner = getattr(func, "__self__", None)
    name = getattr(func, "__name__", "")
    for value in (*args, *kwargs.values()):
        _check_count(value, f"{name}()")
    if isinstance(owner, str):
        if name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        elif name == "join" and args:
            _check_join(owner, args[0])


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in Jinja2 filter that checks the clock, its counts before and its result after."""
    pass_arg = getattr(func, "jinja_pass_arg", None)
    offset = 1 if pass_arg is not None else 0  # the environment or context comes first

    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.tick()
        value = args[offset] if len(args) > offset else None
        extra = args[offset + 1 :]
        for arg in (*extra, *kwargs.values()):
            _check_count(arg, f"the {name} filter's argument")
        if name == "replace" and len(extra) >= 2:
            _check_replace(value, extra[0], extra[1])
        elif name == "join":
            _check_join(extra[0] if extra else kwargs.get("d", ""), value)
        elif name == "format" and isinstance(value, str):
            _check_format_string(value, percent=True)
        elif name == "indent" and isinstance(value, str):
            width = extra[0] if extra else kwargs.get("width", 4)
            lines = value.count("\n") + 1
            size = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
            if size * lines > budget.limits.characters:
                raise budget.too_large(size * lines, "an indent")
        return _check_size(func(*args, **kwargs))

    guarded.__name__ = getattr(func, "__name__", name)
    guarded.__doc__ = func.__doc__
    if pass_arg is not None:
        guarded.jinja_pass_arg = pass_arg  # type: ignore[attr-defined]
    return guarded


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja2's ``lipsum``, with at most 100 paragraphs of at most 1,000 words."""
    if n > 100 or max > 1000 or min > max:
        raise TemplateLimitError(
            "lipsum() is limited to 100 paragraphs (n) of at most 1,000 words (max)"
        )
    return generate_lorem_ipsum(n, html, min, max)


def guard_loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """The items of a ``{% for %}`` loop, checking the clock at each one."""
    budget = _budget()
    for item in iterable:
        budget.tick()
        yield item


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja2's code generator with every loop's items guarded and every ``~`` measured."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard_loop"), [loop.iter], [], None, None
            )
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox with limits on time and size, and the draft read-only.

    Lists and dicts cannot be changed (the draft's among them: the wizard's preview renders the
    very draft it saves), nor can the model's methods that would change the draft be called.
    """

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    guard_loop = staticmethod(guard_loop)
    sized = staticmethod(_check_size)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["lipsum"] = lipsum
        for name in jinja2.defaults.DEFAULT_FILTERS:
            if name in self.filters:
                self.filters[name] = _guarded_filter(name, self.filters[name])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja2's rules, and none of the model's methods that change the draft."""
        if attr in _MUTATING_METHODS and attrs.has(type(obj)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` from a template, checking the clock."""
        _budget().tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]`` from a template, checking the clock."""
        _budget().tick()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` in Jinja2's sandbox, refusing widths that build a huge string."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_string(value.__self__, percent=False)
        return wrapped

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        """``*``, ``**``, ``+``, ``%`` and ``//`` with their results' sizes bounded."""
        budget = _budget()
        budget.tick()
        if operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and right * abs(left).bit_length() > _MAX_INT_BITS:
                raise TemplateLimitError("rendering stopped: a number too large to compute")
        elif operator == "*":
            for sequence, count in ((left, right), (right, left)):
                size = _sized(sequence)
                repeated = size * count if size is not None and isinstance(count, int) else 0
                if repeated > budget.limits.characters:
                    raise budget.too_large(repeated, "a repeated value")
        elif operator == "%" and isinstance(left, str):
            _check_format_string(left, percent=True)
            for value in right if isinstance(right, tuple) else (right,):
                _check_count(value, "a format width")
        return _check_size(self.binop_table[operator](left, right))

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """A call from a template: the clock checked, built-in methods' counts and the result's
        size bounded."""
        _budget().tick()
        if isinstance(__obj, types.BuiltinFunctionType | types.BuiltinMethodType) or hasattr(
            __obj, "__wrapped__"
        ):
            _check_builtin_call(__obj, args, kwargs)
        for value in (*args, *kwargs.values()):
            _check_size(value)
        return _check_size(super().call(__context, __obj, *args, **kwargs))


_PLAIN = TemplateSandbox()


_SAFE_COLUMNS: dict[tuple[type, type, str], bool] = {}


def read_attribute(row: Any, name: str, environment: TemplateSandbox | None = None) -> Any:
    """``row.name`` (or ``row[name]`` for a dict) as the sandbox allows it; None when missing.

    Raises SecurityError for a name a template may not read (``__class__``, ``gi_frame``).
    """
    env = environment or _PLAIN
    _budget().tick()
    if isinstance(row, dict):
        return row.get(name)
    try:
        value = getattr(row, name)
    except AttributeError:
        return None
    except Exception:  # a property that fails reads as missing, like Jinja2's undefined
        return None
    # The sandbox's answer depends on the types and the name only (its checks are isinstance
    # and name tests), so it is asked once per kind of row and column: a table of 10,000 rows
    # asks once, not 10,000 times (Jinja2's mutable-type checks are slow).
    key = (type(env), type(row), name)
    safe = _SAFE_COLUMNS.get(key)
    if safe is None:
        safe = env.is_safe_attribute(row, name, value)
        if len(_SAFE_COLUMNS) < 4096:
            _SAFE_COLUMNS[key] = safe
    if not safe:
        raise SecurityError(
            f"access to attribute {name!r} of {type(row).__name__!r} object is unsafe"
        )
    return value


def attribute_reader(name: str, environment: TemplateSandbox | None = None) -> Callable[[Any], Any]:
    """``read_attribute(row, name, environment)`` as a function of the row, for reading one
    column of many rows: once a type of row has been read through the sandbox's checks and
    found safe, its other rows are read with ``getattr`` alone (the answer depends on the type
    and the name only). The caller ticks the budget, once per row."""
    env = environment or _PLAIN
    plain: set[type] = set()

    def read(row: Any) -> Any:
        kind = type(row)
        if kind in plain:
            try:
                return getattr(row, name)
            except Exception:  # missing, or a property that fails: as read_attribute
                return None
        value = read_attribute(row, name, env)
        if kind is not dict and _SAFE_COLUMNS.get((type(env), kind, name)):
            plain.add(kind)
        return value

    return read


def tick() -> None:
    """Count one step of the render against its time limit (TemplateLimitError past it)."""
    _budget().tick()


# --- loading --------------------------------------------------------------------------------


class TemplateLoader(jinja2.BaseLoader):
    """Loads ``*.j2`` files inside ``folders`` only; a symlink must lead inside them too."""

    def __init__(self, folders: Sequence[Path | str]) -> None:
        self.folders = [str(folder) for folder in folders]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``; SecurityError for a name that is not a template."""
        if not template.endswith(TEMPLATE_SUFFIX):
            raise SecurityError(
                f"{template!r} is not a template: a template loads only *{TEMPLATE_SUFFIX} files"
            )
        pieces = split_template_path(template)  # TemplateNotFound for "..": never above
        for folder in self.folders:
            candidate = os.path.join(folder, *pieces)
            if not os.path.lexists(candidate):
                continue
            real = os.path.realpath(candidate)
            root = os.path.realpath(folder)
            if os.path.commonpath([real, root]) != root:
                raise SecurityError(
                    f"{template!r} leads outside the template folder {folder} (to {real})"
                )
            if not real.endswith(TEMPLATE_SUFFIX) or not os.path.isfile(real):
                raise SecurityError(f"{template!r} is not a template file")
            with open(real, "rb") as handle:
                source = handle.read().decode("utf-8")
            mtime = os.path.getmtime(real)

            def uptodate(real: str = real, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(real) == mtime
                except OSError:
                    return False

            return source, os.path.normpath(candidate), uptodate
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """The templates in the folders (not below them)."""
        found: set[str] = set()
        for folder in self.folders:
            if os.path.isdir(folder):
                found.update(n for n in os.listdir(folder) if n.endswith(TEMPLATE_SUFFIX))
        return sorted(found)


def make_environment(
    folder: Path | str,
    builtin: Path | str,
    *,
    filters: Mapping[str, Callable[..., Any]],
    autoescape: bool = False,
) -> TemplateSandbox:
    """A sandbox for the templates in ``folder``, the shipped ones (``builtin``) reachable as
    ``builtin/NAME.md.j2``, with ``filters`` added; ``autoescape`` for HTML templates."""
    loader = jinja2.ChoiceLoader(
        [TemplateLoader([folder]), jinja2.PrefixLoader({"builtin": TemplateLoader([builtin])})]
    )
    env = TemplateSandbox(
        loader=loader,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=True,
        bytecode_cache=ShippedCode(),
    )
    env.filters.update(filters)
    return env


def render_limited(
    template: jinja2.Template, context: Mapping[str, Any], limits: RenderLimits
) -> str:
    """``template`` rendered with ``context``, within ``limits``; raises TemplateLimitError."""
    budget = _Budget(limits)
    token = _BUDGET.set(budget)
    try:
        parts: list[str] = []
        for part in template.generate(context):
            budget.write(len(part))
            parts.append(part)
        return "".join(parts)
    finally:
        _BUDGET.reset(token)
