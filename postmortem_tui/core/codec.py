"""Plain data (what ``tomllib`` reads, what ``tomli_w`` writes) to the model and back.

Structuring checks every value against draft format 1 and reports the first problem with its
key path (``timeline[2].at``) and what was expected. Keys the format does not define are kept in
each object's ``unknown`` dict and reported as warnings. Unstructuring gives the canonical form:
fields in the order of the model, nothing that is empty or absent.

The walk is compiled once per class into a list of field plans, which keeps a 10,000-event
timeline fast to load.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from . import model

T = TypeVar("T")


class FormatError(ValueError):
    """A value that breaks draft format 1; ``path`` is the key path, ``expected`` the rule."""

    def __init__(self, path: str, expected: str) -> None:
        super().__init__(f"{path or 'the file'}: expected {expected}")
        self.path = path
        self.expected = expected


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    dt.date: "a date like 2024-01-15",
    dt.datetime: "a date and time with an offset, like 2024-01-15T14:32:00Z",
}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dt.datetime):
        return "a date and time" + ("" if value.tzinfo else " without an offset")
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time of day"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


Leaf = Callable[[Any, str], Any]


def _scalar(kinds: tuple[type, ...]) -> Leaf:
    expected = " or ".join(_TYPE_NAMES[k] for k in kinds)

    def check(value: Any, path: str) -> Any:
        ok = False
        for kind in kinds:
            if kind is dt.date:
                ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            elif kind in (int, float):
                ok = isinstance(value, kind) and not isinstance(value, bool)
            else:
                ok = isinstance(value, kind)
            if ok:
                break
        if not ok:
            raise FormatError(path, f"{expected}, got {_describe(value)}")
        return value

    return check


_PLURALS = {"a string": "strings", "a table": "tables", "an integer": "integers"}


def _list_of(item: Leaf, item_name: str) -> Leaf:
    items = _PLURALS.get(item_name, item_name)

    def check(value: Any, path: str) -> Any:
        if not isinstance(value, list):
            if items == "tables":
                expected = f"a list of tables, written [[{path}]], got {_describe(value)}"
            else:
                expected = f"a list of {items}, got {_describe(value)}"
            raise FormatError(path, expected)
        return [item(v, f"{path}[{i}]") for i, v in enumerate(value)]

    return check


def _leaf_for(annotation: Any) -> tuple[Leaf, str]:
    """The checking function for a field's type, and a name for it in messages."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = tuple(a for a in typing.get_args(annotation) if a is not type(None))
        if len(args) == 1:
            return _leaf_for(args[0])
        return _scalar(args), " or ".join(_TYPE_NAMES[a] for a in args)
    if origin is list:
        (arg,) = typing.get_args(annotation)
        inner, name = _leaf_for(arg)
        return _list_of(inner, name), f"a list of {name}"
    if attrs.has(annotation):
        return functools.partial(structure_as, annotation), "a table"
    return _scalar((annotation,)), _TYPE_NAMES[annotation]


@attrs.frozen
class _FieldPlan:
    name: str
    leaf: Leaf
    validator: Any
    attribute: Any
    required: bool
    nested: bool
    """Holds tables, whose own key paths and warnings need the full path up front."""


def _holds_tables(annotation: Any) -> bool:
    if attrs.has(annotation):
        return True
    return any(_holds_tables(arg) for arg in typing.get_args(annotation))


_PLANS: dict[type, tuple[list[_FieldPlan], frozenset[str]]] = {}


def _plan(cls: type) -> tuple[list[_FieldPlan], frozenset[str]]:
    """The field plans of ``cls`` and the names of its keys, made once per class."""
    cached = _PLANS.get(cls)
    if cached is not None:
        return cached
    attrs.resolve_types(cls, globalns=vars(model))
    plans = []
    for field in attrs.fields(cls):
        if field.metadata.get("unknown"):
            continue
        leaf, _ = _leaf_for(field.type)
        plans.append(
            _FieldPlan(
                name=field.name,
                leaf=leaf,
                validator=field.validator,
                attribute=field,
                required=field.default is attrs.NOTHING,
                nested=_holds_tables(field.type),
            )
        )
    _PLANS[cls] = plans, frozenset(p.name for p in plans)
    return _PLANS[cls]


# Warnings about unknown keys go to the list that the current ``structure`` call collects. A
# context variable, not a global, so a save or load in a worker thread cannot mix them up.
_warnings: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "postmortem_codec_warnings", default=None
)


def structure_as(cls: type[T], data: Any, path: str = "") -> T:
    """Build a ``cls`` from a TOML table, checking every key; raises FormatError."""
    build = _BUILDERS.get(cls)
    if build is None:
        build = _BUILDERS[cls] = _compile_builder(cls)
    return build(data, path)  # type: ignore[no-any-return]


_BUILDERS: dict[type, Callable[[Any, str], Any]] = {}


def _exact_types(annotation: Any) -> tuple[type, ...]:
    """The types a value may have to pass a scalar field's check without a call: the exact
    types ``tomllib`` gives (``type(v) is int`` is never a bool, ``type(v) is dt.date`` never a
    datetime). Empty for lists and tables."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        found: tuple[type, ...] = ()
        for arg in typing.get_args(annotation):
            if arg is type(None):
                continue
            inner = _exact_types(arg)
            if not inner:
                return ()
            found += inner
        return found
    if origin is None and annotation in _TYPE_NAMES:
        return (annotation,)
    return ()


def _first_invalid(plans: list[_FieldPlan], upto: int, values: dict[str, Any], path: str) -> None:
    """Raise the FormatError of the first field before ``upto`` whose validator refuses its
    value, as a field-by-field walk would have met it."""
    for plan in plans[:upto]:
        if plan.validator is None or plan.name not in values:
            continue
        try:
            plan.validator(None, plan.attribute, values[plan.name])
        except ValueError as error:
            raise FormatError(_join(path, plan.name), str(error)) from None


def _compile_builder(cls: type) -> Callable[[Any, str], Any]:
    """A function that builds ``cls`` from a table, written out field by field.

    What it does is what a walk over the field plans would do, in the same order and with the
    same messages: each key's type is checked (a plain value of the exact type in one test, any
    other through its plan's check), a required key that is missing is reported, unknown keys
    are kept and warned about, and the validators run in ``cls``'s ``__init__``. Only when a
    check or ``__init__`` fails are the validators of the fields before it run one by one, so
    the first problem in field order is the one reported.
    """
    plans, known = _plan(cls)
    names: dict[str, Any] = {
        "cls": cls,
        "plans": plans,
        "known": known,
        "FormatError": FormatError,
        "join": _join,
        "describe": _describe,
        "first_invalid": _first_invalid,
        "warnings_var": _warnings,
    }
    lines = [
        "def build(data, path=''):",
        "    if not isinstance(data, dict):",
        "        raise FormatError(path, 'a table, got ' + describe(data))",
        "    kwargs = {}",
        "    seen = 0",
    ]
    for i, plan in enumerate(plans):
        key = repr(plan.name)
        names[f"leaf{i}"] = plan.leaf
        lines += [f"    if {key} in data:", "        seen += 1", f"        v = data[{key}]"]
        exact = _exact_types(plan.attribute.type)
        if plan.nested:
            lines += [
                f"        first_invalid(plans, {i}, kwargs, path)",
                f"        v = leaf{i}(v, join(path, {key}))",
            ]
        else:
            if exact:
                names[f"exact{i}"] = exact
                test = (
                    f"type(v) is not exact{i}[0]" if len(exact) == 1 else f"type(v) not in exact{i}"
                )
                lines.append(f"        if {test}:")
                pad = "            "
            else:
                pad = "        "
            lines += [
                f"{pad}try:",
                f"{pad}    v = leaf{i}(v, {key})",
                f"{pad}except FormatError as error:",
                f"{pad}    first_invalid(plans, {i}, kwargs, path)",
                f"{pad}    raise FormatError(join(path, error.path), error.expected) from None",
            ]
        lines.append(f"        kwargs[{key}] = v")
        if plan.required:
            lines += [
                "    else:",
                f"        first_invalid(plans, {i}, kwargs, path)",
                f"        raise FormatError(join(path, {key}), 'a value: this key is required')",
            ]
    lines += [
        "    if seen != len(data):",
        "        unknown = {k: v for k, v in data.items() if k not in known}",
        "        warnings = warnings_var.get()",
        "        if warnings is not None:",
        "            warnings.extend(",
        "                f'{join(path, k)}: unknown key, kept as it is' for k in unknown",
        "            )",
        "        kwargs['unknown'] = unknown",
        "    try:",
        "        return cls(**kwargs)",
        "    except ValueError:",
        f"        first_invalid(plans, {len(plans)}, kwargs, path)",
        "        raise",
    ]
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), f"<structure {cls.__name__}>", "exec"), names, namespace)
    return namespace["build"]  # type: ignore[no-any-return]


def structure(data: dict[str, Any]) -> tuple[model.Draft, list[str]]:
    """A Draft from a whole TOML document, with warnings about unknown keys."""
    version = data.get("format")
    if version is None:
        raise FormatError(
            "format", f"the format version, {model.FORMAT_VERSION}: this key is required"
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(
            "format", f"a format version like {model.FORMAT_VERSION}, got {model.shown(version)}"
        )
    if version > model.FORMAT_VERSION:
        raise FormatError(
            "format",
            f"format {model.FORMAT_VERSION} or older: this file is format {version}, "
            "written by a newer postmortem; upgrade postmortem-tui to read it",
        )
    if "meta" not in data:
        raise FormatError("meta.title", "a title: the [meta] table with a title is required")
    found: list[str] = []
    token = _warnings.set(found)
    try:
        draft = structure_as(model.Draft, data)
    finally:
        _warnings.reset(token)
    return draft, found


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def unstructure(obj: Any) -> Any:
    """The canonical plain form of a model object: model order, empty values left out."""
    if attrs.has(type(obj)):
        out: dict[str, Any] = {}
        for plan in _plan(type(obj))[0]:
            value = unstructure(getattr(obj, plan.name))
            if _is_empty(value) and not plan.required:
                continue
            out[plan.name] = value
        if isinstance(obj, model.TimelineEvent) and out.get("kind") == "note":
            del out["kind"]  # the default, left out as the worked example does
        for key, value in obj.unknown.items():  # type: ignore[attr-defined]
            out.setdefault(key, value)
        return out
    if isinstance(obj, list):
        return [unstructure(v) for v in obj]
    return obj
