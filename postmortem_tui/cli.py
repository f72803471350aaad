"""The ``postmortem`` command: parses arguments and opens the door each command needs.

Start-up matters (``postmortem --help`` is run often): this module imports only argparse, gc, os
and sys at the top. Textual (~150 ms), Jinja2 (~25 ms), questionary (~60 ms), attrs, and even
pathlib (~3 ms), typing (~2.5 ms), json and datetime (~1 ms each) are imported inside the
command that uses them; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

from . import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from typing import Any

    from .core.store import LoadedDraft

EXIT_OK = 0
EXIT_INCOMPLETE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A failure with one message for the person and an exit status."""

    def __init__(self, message: str, status: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.status = status


def _error(message: str) -> None:
    from .core.display import printable

    print(f"postmortem: {printable(message)}", file=sys.stderr)


def _folder(args: argparse.Namespace) -> Path:
    from .core.paths import drafts_dir

    return drafts_dir(getattr(args, "dir", None))


def _load(path: str | Path) -> LoadedDraft:
    from .core.store import DraftError, read_draft

    try:
        loaded = read_draft(path)
    except DraftError as error:
        raise CommandError(str(error)) from None
    if loaded.warnings:
        from .core.display import printable

        for warning in loaded.warnings:
            print(f"postmortem: warning: {printable(f'{path}: {warning}')}", file=sys.stderr)
    return loaded


def _resolve_draft(name: str, folder: Path) -> Path:
    """A draft named on the command line: a path, or a file name in the drafts folder."""
    from pathlib import Path

    path = Path(name).expanduser()
    if _exists(path) or path.is_absolute() or os.sep in name:
        return path
    for candidate in (folder / name, folder / f"{name}.toml"):
        if _exists(candidate):
            return candidate
    return path


def _exists(path: Path) -> bool:
    """``path.exists()``, False for a name the file system cannot even look up (too long)."""
    try:
        return path.exists()
    except OSError:
        return False  # reading it then gives the reason


# --- commands -------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace) -> int:
    """Rewrite drafts in canonical form, or with --check say which would change."""
    from .core.session import EditSession
    from .core.store import DraftError, dumps_draft, read_file_bytes

    status = EXIT_OK
    folder = _folder(args)
    for name in args.drafts:
        path = _resolve_draft(name, folder)
        try:
            loaded = _load(path)
            # Read as the draft was: a file swapped for a FIFO in between is refused, not waited on.
            before = read_file_bytes(path, 1 << 40)
        except DraftError as error:
            _error(str(error))
            status = EXIT_BAD_INPUT
            continue
        except (CommandError, OSError) as error:
            _error(str(error))
            status = EXIT_BAD_INPUT
            continue
        after = dumps_draft(loaded.draft).encode("utf-8")
        if before == after:
            continue
        if args.check:
            print(f"would reformat {path}")
            status = max(status, EXIT_INCOMPLETE)
            continue
        try:
            # A draft open in the wizard is left alone (DraftLocked): its next save would
            # otherwise find the file changed under it. touch=False: formatting is not an
            # edit, so meta.updated stays as it was.
            session = EditSession.open(path, loaded, read_only_ok=False)
            try:
                if session.read_only:
                    raise DraftError(path, f"{session.read_only_reason}; not rewritten")
                session.save(touch=False)
            finally:
                session.close(keep_untouched=True)
        except DraftError as error:
            _error(str(error))
            status = EXIT_BAD_INPUT
            continue
        print(f"reformatted {path}")
    return status


def _show(outcome: Any) -> int:
    """Print what a team command returned (``team.common.Outcome``); returns its status."""
    from .core.display import printable_lines

    for problem in outcome.problems:
        _error(problem)
    sys.stdout.write(printable_lines(outcome.text))  # JSON's meaning is kept: see display
    return int(outcome.status)


def _kept(
    args: argparse.Namespace,
    given: Sequence[Path],
    run: Any,
    *more: str,
    also: Sequence[Path] = (),
) -> Any:
    """``run()`` (a team command's ``Outcome``), or what it gave when last run with the same
    arguments, on the same day, over drafts that have not changed since (``team.common.kept``)."""
    import datetime as dt
    import json

    from .team.common import kept

    arguments = {name: value for name, value in vars(args).items() if name != "func"}
    request = json.dumps(
        [
            args.func.__name__,
            arguments,
            [str(p) for p in given],
            dt.date.today().isoformat(),
            *more,
        ],
        default=str,
        sort_keys=True,
    )
    return kept(given, request, run, also)


def _team_paths(args: argparse.Namespace, given: Sequence[str] | None = None) -> list[Path]:
    """The folders and files a team command looks at: those given, else the drafts folder."""
    from pathlib import Path

    names = args.paths if given is None else given
    if not names:
        folder = _folder(args)
        return [folder] if folder.is_dir() else []  # no folder yet: no drafts yet
    folders = [Path(name).is_dir() for name in names]
    if all(folders):
        # Folders alone: the drafts folder (platformdirs, ~10 ms) is not needed.
        return [Path(name) for name in names]
    folder = _folder(args)
    return [
        Path(name) if is_dir else _resolve_draft(name, folder)
        for name, is_dir in zip(names, folders, strict=True)
    ]


def _team_date(value: str | None, option: str) -> Any:
    from .team.common import TeamError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value, option)
    except TeamError as error:
        raise CommandError(str(error)) from None


def _today(args: argparse.Namespace) -> Any:
    import datetime as dt

    return _team_date(args.today, "--today") or dt.date.today()


def cmd_list(args: argparse.Namespace) -> int:
    """List drafts, newest first; with a query or filters, those that match."""
    from pathlib import Path

    from .team.search import Search, run_list

    # PATH... and QUERY share the positional arguments: what exists is a path, the rest is
    # the query.
    paths = [term for term in args.terms if Path(term).exists()]
    query = [term for term in args.terms if not Path(term).exists()]
    search = Search(
        query,
        tags=args.tag,
        services=args.service,
        severities=args.severity,
        statuses=args.status,
        since=_team_date(args.since, "--since"),
        until=_team_date(args.until, "--until"),
    )
    given = _team_paths(args, paths)
    hint = f"No drafts in {_folder(args)}. Start one with: postmortem new\n" if not paths else ""
    return _show(
        _kept(
            args,
            given,
            lambda: run_list(
                given, search, as_json_output=args.json, strict=args.strict, empty_hint=hint
            ),
            hint,
        )
    )


def cmd_actions(args: argparse.Namespace) -> int:
    """Every action item of every draft, with filters."""
    from .team.actions import Filters, run_actions

    filters = Filters(
        only_open=args.open,
        overdue=args.overdue,
        owners=args.owner,
        priorities=args.priority,
        due_before=_team_date(args.due_before, "--due-before"),
        tags=args.tag,
        services=args.service,
    )
    given, today = _team_paths(args), _today(args)
    return _show(
        _kept(
            args,
            given,
            lambda: run_actions(
                given,
                filters=filters,
                today=today,
                fmt=args.format,
                fail_on_overdue=args.fail_on_overdue,
                strict=args.strict,
            ),
        )
    )


def cmd_stats(args: argparse.Namespace) -> int:
    """Counts, medians and 90th percentiles of the derived metrics across drafts."""
    from .team.stats import run_stats

    given, today = _team_paths(args), _today(args)
    since, until = _team_date(args.since, "--since"), _team_date(args.until, "--until")
    return _show(
        _kept(
            args,
            given,
            lambda: run_stats(
                given,
                today=today,
                since=since,
                until=until,
                by=args.by,
                as_json=args.json,
                strict=args.strict,
            ),
        )
    )


def cmd_related(args: argparse.Namespace) -> int:
    """The drafts most like one draft, best first, each with why."""
    from .team.common import TeamError
    from .team.related import run_related

    draft = _resolve_draft(args.draft, _folder(args))
    given = _team_paths(args)
    try:
        outcome = _kept(
            args,
            given,
            lambda: run_related(
                draft, given, limit=args.limit, as_json=args.json, strict=args.strict
            ),
            also=[draft],  # the draft is read too: a change to it is a change
        )
    except TeamError as error:
        raise CommandError(str(error)) from None
    return _show(outcome)


def cmd_export(args: argparse.Namespace) -> int:
    """Render a draft to Markdown, HTML or JSON on stdout or into a file."""
    loaded = _load(_resolve_draft(args.draft, _folder(args)))
    from . import export  # Jinja2 (~25 ms) only here

    try:
        text = export.render(loaded.draft, template=args.template, fmt=args.format)
    except export.ExportError as error:
        raise CommandError(str(error)) from None
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return EXIT_OK
    from pathlib import Path

    from .export.output import write_document

    out = Path(args.output)
    suffix = {"json": ".json", "html": ".html"}.get(args.format, ".md")
    try:
        write_document(out, text, draft=loaded.path, suffix=suffix, force=args.force)
    except export.ExportError as error:
        raise CommandError(str(error)) from None
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_site(args: argparse.Namespace) -> int:
    """Write a static site of the drafts: index, a page each, action items and stats."""
    from pathlib import Path

    from .export.html import ExportError
    from .export.site import SiteError, build_site

    try:
        report = build_site(
            _team_paths(args),
            Path(args.output),
            title=args.title,
            template=args.template,
            today=_today(args),
        )
    except (SiteError, ExportError) as error:
        raise CommandError(str(error)) from None
    for problem in report.left_out:
        _error(f"left out: {problem}")
    print(
        f"site: {report.pages} postmortem page{'s' if report.pages != 1 else ''}; "
        f"{len(report.written)} file{'s' if len(report.written) != 1 else ''} written, "
        f"{report.unchanged} unchanged, {len(report.removed)} removed"
        + (f", {len(report.left_out)} draft(s) left out" if report.left_out else ""),
        file=sys.stderr,
    )
    print(report.folder / "index.html")
    return EXIT_BAD_INPUT if report.left_out and args.strict else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """The output checklist, derived metrics and blameless review of drafts."""
    from . import review
    from .core.store import iter_draft_files

    folder = _folder(args)
    drafts: list[str] = []
    for name in args.drafts:
        path = _resolve_draft(name, folder)
        if not path.is_dir():
            drafts.append(str(path))
            continue
        # A team's postmortems folder: every draft in it, in name (and so date) order.
        found = sorted(iter_draft_files(path))
        if not found:
            raise CommandError(f"{path}: no drafts (*.toml files) in this folder")
        drafts.extend(str(p) for p in found)
    import contextlib

    from .core.display import PrintableStream

    with contextlib.ExitStack() as stack:
        # What a draft holds (a title, an excerpt) is shown, never obeyed by the terminal.
        # JSON too: its strings read the escapes back as the same characters.
        stack.enter_context(contextlib.redirect_stderr(PrintableStream(sys.stderr)))
        stack.enter_context(contextlib.redirect_stdout(PrintableStream(sys.stdout)))
        if args.format == "github":
            from .review.github import run_github_check

            return run_github_check(drafts, strict=args.strict)
        as_json = args.json or args.format == "json"
        return review.run_check(drafts, as_json=as_json, strict=args.strict)


def _plain_needs_terminal() -> None:
    if not sys.stdin.isatty():
        raise CommandError("--plain asks questions and needs a terminal on standard input")


def _wizard_or_plain(
    args: argparse.Namespace, loaded: LoadedDraft | None = None, **kwargs: Any
) -> int:
    """Run the prompts (--plain) or the wizard; ``loaded`` is the draft already read (the
    wizard takes it instead of reading the file again)."""
    if getattr(args, "plain", False):
        _plain_needs_terminal()
        from .prompts import run_prompts  # questionary only in this mode

        return run_prompts(folder=_folder(args), **kwargs)
    from .wizard import run_wizard  # Textual only here

    return run_wizard(folder=_folder(args), loaded=loaded, **kwargs)


def cmd_home(args: argparse.Namespace) -> int:
    """The Textual app's home screen."""
    if not args.plain and _terminal_too_small():
        print(
            "postmortem: this terminal is too small or too plain for the full-screen wizard "
            "(it needs 80x24 and a TERM other than dumb).\n"
            "Try: postmortem new --plain   or   postmortem edit DRAFT --plain",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if args.plain:  # the prompts have no home screen: start a draft
        return _wizard_or_plain(args, path=None, new=True)
    return _wizard_or_plain(args, path=None)


def _terminal_too_small() -> bool:
    if os.environ.get("TERM") == "dumb":
        return True
    if not sys.stdout.isatty():
        return False
    size = os.get_terminal_size(sys.stdout.fileno())
    return size.columns < 80 or size.lines < 24


def cmd_new(args: argparse.Namespace) -> int:
    """Start a new draft and walk its sections."""
    severity = _severity_key(args.severity) if args.severity is not None else None
    return _wizard_or_plain(args, path=None, new=True, title=args.title, severity=severity)


def _severity_key(given: str) -> str:
    """``--severity``: a key of the scale (the team's own when configured), any letter case."""
    from .core.config import severity_scale

    scale = severity_scale()
    for key in scale:
        if key.casefold() == given.strip().casefold():
            return key
    keys = ", ".join(scale)
    raise CommandError(f"--severity: expected one of {keys}, got {given!r}")


def cmd_edit(args: argparse.Namespace) -> int:
    """Open a draft at its first incomplete section."""
    path = _resolve_draft(args.draft, _folder(args))
    loaded = _load(path)  # refuse a bad file with the one message, before any screen opens
    return _wizard_or_plain(args, loaded, path=path)


def cmd_resume(args: argparse.Namespace) -> int:
    """Reopen the most recently edited draft."""
    from .core.store import most_recent_draft

    folder = _folder(args)
    path = most_recent_draft(folder)
    if path is None:
        raise CommandError(f"no drafts in {folder} to resume; start one with: postmortem new")
    loaded = _load(path)
    return _wizard_or_plain(args, loaded, path=path)


DEMO_NAME = "demo-api-outage.toml"
"""The file name of the worked example's copy in the drafts folder."""


def cmd_demo(args: argparse.Namespace) -> int:
    """Open the copy of the bundled worked example (a fresh one with --fresh)."""
    from .core.paths import example_draft
    from .core.store import DraftError, create_draft_file, read_draft, save_draft

    folder = _folder(args)
    copy = folder / DEMO_NAME
    if not args.fresh and copy.is_file():
        try:
            loaded = read_draft(copy)
        except DraftError:
            loaded = None  # damaged by hand: a fresh copy beside it
        if loaded is not None:
            print(f"postmortem: opened the worked example's copy: {copy}", file=sys.stderr)
            return _wizard_or_plain(args, loaded, path=copy)
    example = read_draft(example_draft()).draft
    example.meta.created = None
    if copy.exists():
        loaded = create_draft_file(example, folder)  # --fresh, or the copy is damaged
    else:
        folder.mkdir(parents=True, exist_ok=True)
        save_draft(example, copy)
        loaded = read_draft(copy)
    print(f"postmortem: opened a copy of the worked example: {loaded.path}", file=sys.stderr)
    return _wizard_or_plain(args, loaded, path=loaded.path)


def cmd_import(args: argparse.Namespace) -> int:
    """Add timeline events from exports, logs and webhooks to a draft."""
    from .commands.timeline_import import ImportFailed, run_import

    try:
        return run_import(
            _resolve_draft(args.draft, _folder(args)),
            args.sources,
            fmt=args.format,
            since=args.since,
            until=args.until,
            pinned=args.pinned,
            dry_run=args.dry_run,
            as_json=args.json,
        )
    except ImportFailed as error:
        raise CommandError(str(error)) from None


def cmd_note(args: argparse.Namespace) -> int:
    """Add one event, now or at --at, to a draft during the incident."""
    from .commands.note import NoteFailed, run_note

    folder = _folder(args)
    words = list(args.words)
    draft = None
    if len(words) > 1:
        # `note DRAFT TEXT` when the first word names a draft; otherwise every word is TEXT.
        candidate = _resolve_draft(words[0], folder)
        if candidate.is_file():
            draft, words = candidate, words[1:]
        elif words[0].endswith(".toml") or os.sep in words[0]:
            # Meant as a draft (a slip of the keyboard): never a note in another draft.
            raise CommandError(f"{words[0]}: no such draft; the note was not added")
    try:
        return run_note(folder, draft, " ".join(words), kind=args.kind, at=args.at)
    except NoteFailed as error:
        raise CommandError(str(error)) from None


# --- parsing --------------------------------------------------------------------------------


def _terminal_width() -> int:
    """What ``shutil.get_terminal_size`` says, without importing shutil (bz2, lzma: ~2 ms)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own help layout, sized by ``_terminal_width``."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = width if width is not None else _terminal_width() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser with ``_HelpFormatter``; subcommand parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


_DRAFT_HELP = "draft file (a path, or a name in the drafts folder)"
_IMPORT_FORMATS = (
    "auto",
    "slack",
    "pagerduty",
    "pagerduty-csv",
    "opsgenie",
    "alertmanager",
    "grafana",
    "incident-io",
    "github-deployments",
    "git-log",
    "csv",
    "text",
)
"""``import --format`` choices (the importers' names; listed here so --help imports nothing)."""


def _draft_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tag", action="append", default=[], help="drafts with this tag (repeatable)")
    p.add_argument(
        "--service", action="append", default=[], help="drafts of this service (repeatable)"
    )


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--dir",
        metavar="DIR",
        # SUPPRESS: a subcommand that is not given --dir must not reset the one given before it
        # (`postmortem --dir X list`); _folder reads it with getattr.
        default=argparse.SUPPRESS,
        help="folder of drafts (default: $POSTMORTEM_DIR, else the user data folder)",
    )
    parser = _Parser(
        prog="postmortem",
        description="Write a blameless incident postmortem, section by section. "
        "With no command, opens the home screen of drafts.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"postmortem-tui {__version__}")
    parser.add_argument(
        "--plain", action="store_true", help="use plain prompts, not the full screen"
    )
    parser.set_defaults(func=cmd_home)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("new", parents=[common], help="start a new draft and walk its sections")
    p.add_argument("--title", help="the incident's title")
    p.add_argument("--severity", help="severity key, e.g. P1")
    p.add_argument("--plain", action="store_true", help="ask with plain prompts, one at a time")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "edit", parents=[common], help="open a draft at its first incomplete section"
    )
    p.add_argument(
        "draft", metavar="DRAFT", help="draft file (a path, or a name in the drafts folder)"
    )
    p.add_argument("--plain", action="store_true", help="ask with plain prompts, one at a time")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("resume", parents=[common], help="reopen the most recently edited draft")
    p.add_argument("--plain", action="store_true", help="ask with plain prompts, one at a time")
    p.set_defaults(func=cmd_resume)

    p = sub.add_parser("demo", parents=[common], help="open a copy of the bundled worked example")
    p.add_argument("--fresh", action="store_true", help="a new copy, not the one opened last time")
    p.set_defaults(func=cmd_demo, plain=False)

    p = sub.add_parser("fmt", parents=[common], help="rewrite drafts in canonical form")
    p.add_argument("drafts", nargs="+", metavar="DRAFT", help=_DRAFT_HELP)
    p.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a draft would change"
    )
    p.set_defaults(func=cmd_fmt)

    team = _Parser(add_help=False)
    team.add_argument(
        "--strict", action="store_true", help="exit 2 at the end when a draft cannot be read"
    )

    p = sub.add_parser(
        "list",
        parents=[common, team],
        help="list drafts, newest first; search them",
        description="List drafts, newest first. Arguments that are files or folders say where "
        "to look (default: the drafts folder); the others are the query: words in any order "
        'and "quoted phrases", matched against every text of a draft.',
    )
    p.add_argument("terms", nargs="*", metavar="PATH|QUERY", help="draft, folder, or query words")
    p.add_argument("--json", action="store_true", help="print JSON for other tools")
    _draft_filters(p)
    p.add_argument("--severity", action="append", default=[], help="severity key (repeatable)")
    p.add_argument("--status", action="append", default=[], help="draft status (repeatable)")
    p.add_argument("--since", metavar="DATE", help="incidents on or after DATE")
    p.add_argument("--until", metavar="DATE", help="incidents on or before DATE")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "actions",
        parents=[common, team],
        help="every action item of every draft",
        description="Every action item of every draft: overdue first, then by due date.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="drafts or folders (default: --dir)")
    p.add_argument("--open", action="store_true", help="planned or in progress")
    p.add_argument("--overdue", action="store_true", help="open and due before today")
    p.add_argument("--owner", action="append", default=[], help="owner, any case (repeatable)")
    p.add_argument("--priority", action="append", default=[], help="priority, e.g. P0 (repeatable)")
    p.add_argument("--due-before", metavar="DATE", help="due before DATE")
    _draft_filters(p)
    p.add_argument("--today", metavar="DATE", help="the date taken as today (default: today)")
    p.add_argument("-f", "--format", choices=("table", "json", "csv", "markdown"), default="table")
    p.add_argument("--fail-on-overdue", action="store_true", help="exit 1 when an item is overdue")
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser(
        "stats",
        parents=[common, team],
        help="incident counts, medians and 90th percentiles of the metrics",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="drafts or folders (default: --dir)")
    p.add_argument("--since", metavar="DATE", help="incidents on or after DATE")
    p.add_argument("--until", metavar="DATE", help="incidents on or before DATE")
    p.add_argument("--by", choices=("severity", "tag", "service", "month"), help="group rows")
    p.add_argument("--today", metavar="DATE", help="the date taken as today (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON for other tools")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "related", parents=[common, team], help="the drafts most like one draft, with why"
    )
    p.add_argument("draft", metavar="DRAFT", help=_DRAFT_HELP)
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="drafts or folders to look in (default: --dir)"
    )
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON for other tools")
    p.set_defaults(func=cmd_related)

    p = sub.add_parser(
        "export", parents=[common], help="render a draft to Markdown, an HTML page or JSON"
    )
    p.add_argument("draft", metavar="DRAFT", help=_DRAFT_HELP)
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (- or none: standard output)"
    )
    p.add_argument(
        "-t",
        "--template",
        metavar="NAME|PATH",
        help="template name (default, detailed, or one in the user templates folder) or file "
        "path; for html, NAME.html.j2",
    )
    p.add_argument(
        "-f",
        "--format",
        choices=("md", "html", "json"),
        default="md",
        help="output format (default md)",
    )
    p.add_argument(
        "--force", action="store_true", help="with -o: replace FILE even when it is a draft"
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "site",
        parents=[common, team],
        help="write a static site: every postmortem, action items and stats",
        description="Write a static site of the drafts into FOLDER: an index with a filter box, "
        "a page per postmortem, the action items and stats. Run again, only what changed is "
        "rewritten. A draft that cannot be read is left out and named.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="drafts or folders (default: --dir)")
    p.add_argument("-o", "--output", metavar="FOLDER", required=True, help="the site's folder")
    p.add_argument("--title", help=f"the site's title (default {'Postmortems'!r})")
    p.add_argument("-t", "--template", metavar="NAME|PATH", help="HTML template of the pages")
    p.add_argument("--today", metavar="DATE", help="the date taken as today (default: today)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser(
        "check",
        parents=[common],
        help="output checklist, metrics and blameless review; exit 1 when incomplete",
    )
    p.add_argument(
        "drafts", nargs="+", metavar="DRAFT", help=_DRAFT_HELP + "; or a folder: every draft in it"
    )
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per draft")
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (as --json), or github: GitHub Actions annotations",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="blameless findings fail the check too (with --format github: unmet items are errors)",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "import",
        parents=[common],
        help="add timeline events from Slack, PagerDuty, alerts, deploys, CSV or text",
    )
    p.add_argument("draft", metavar="DRAFT", help=_DRAFT_HELP)
    p.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a file, a folder or .zip (a Slack export), or - for standard input",
    )
    p.add_argument(
        "--format",
        default="auto",
        choices=_IMPORT_FORMATS,
        metavar="F",
        help="auto (default: from the content), " + ", ".join(_IMPORT_FORMATS[1:]),
    )
    p.add_argument("--since", metavar="T", help="keep records from this time on (draft's zone)")
    p.add_argument("--until", metavar="T", help="keep records up to this time (draft's zone)")
    p.add_argument(
        "--pinned",
        action="store_true",
        help="Slack: only pinned messages and those with the marker reaction",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    p.add_argument("--json", action="store_true", help="report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "note",
        parents=[common],
        help="add an event to a draft now, during the incident",
        usage="postmortem note [-h] [--dir DIR] [--kind K] [--at TIME] [DRAFT] TEXT...",
    )
    p.add_argument(
        "words",
        nargs="+",
        metavar="[DRAFT] TEXT",
        help="the event's words; first, optionally, the draft (default: the most recently "
        "edited draft, else a new one)",
    )
    p.add_argument(
        "--kind",
        default="note",
        metavar="K",
        help="trigger, detected, paged, acknowledged, diagnosed, mitigated, resolved or note "
        "(the default)",
    )
    p.add_argument("--at", metavar="TIME", help="when, as the wizard reads times (default now)")
    p.set_defaults(func=cmd_note)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``postmortem`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    full_screen = args.func in _FULL_SCREEN and not getattr(args, "plain", False)
    thresholds = gc.get_threshold()
    if full_screen:
        # Reading the draft and importing Textual allocate many objects that live as long as
        # the program; collecting garbage on the way only delays the first screen (~10 ms).
        # The wizard turns the collector back on once its first screen is up.
        gc.disable()
    else:
        # A command that runs and ends: the collector's passes over the dicts and lists of
        # a thousand drafts find little to free; passes a hundred times rarer save 5-10%
        # (docs/performance.md).
        gc.set_threshold(100_000, 50, 100)
    try:
        return int(args.func(args) or 0)
    except CommandError as error:
        _error(str(error))
        return error.status
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `postmortem export x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:
        # A draft that cannot be read or written, from any command: one line, no traceback.
        # (Last: a handler's re-raise is not seen by the handlers after it.)
        from .core.store import DraftError, os_error_message

        if isinstance(error, OSError):
            # A name too long, a folder that is a file: the reason, not a traceback.
            where = f"{error.filename}: " if error.filename else ""
            _error(f"{where}{os_error_message(error)}")
            return EXIT_BAD_INPUT
        if not isinstance(error, DraftError):
            raise
        _error(str(error))
        return EXIT_BAD_INPUT
    finally:
        if full_screen:
            gc.enable()
        gc.set_threshold(*thresholds)


_FULL_SCREEN = (cmd_home, cmd_new, cmd_edit, cmd_resume, cmd_demo)
"""The commands that open the wizard (unless --plain)."""


if __name__ == "__main__":
    sys.exit(main())
