"""Slack: a workspace export (folder or ``.zip``), one channel's day files, or one day file.

An export holds ``users.json``, ``channels.json`` and one folder per channel of ``YYYY-MM-DD.json``
files, each a JSON array of message objects (https://api.slack.com/events/message). Each message
becomes a ``note`` event at its ``ts``; names come from ``users.json``; mentions, channel links,
URLs and the ``&amp;`` entities become plain text.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from .base import (
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
    epoch,
    json_documents,
    obj,
)

FORMAT = "slack"
SOURCE = "slack"

SKIPPED_SUBTYPES = {
    "channel_join": "joined the channel",
    "channel_leave": "left the channel",
    "channel_topic": "topic change",
    "channel_purpose": "purpose change",
    "channel_name": "channel renamed",
    "channel_archive": "channel archived",
    "channel_unarchive": "channel unarchived",
    "channel_posting_permissions": "posting permissions change",
    "channel_convert_to_private": "channel made private",
    "group_join": "joined the channel",
    "group_leave": "left the channel",
    "group_topic": "topic change",
    "group_purpose": "purpose change",
    "group_name": "channel renamed",
    "group_archive": "channel archived",
    "group_unarchive": "channel unarchived",
    "pinned_item": "pin notice",
    "unpinned_item": "unpin notice",
    "reminder_add": "reminder notice",
    "bot_add": "app added",
    "bot_remove": "app removed",
    "ekm_access_denied": "message hidden by key management",
}
"""Subtypes that say something about the channel, not the incident."""

_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_USERS_FILES = {"users.json", "org_users.json"}
_CHANNEL_FILES = {"channels.json", "groups.json", "mpims.json", "dms.json"}
_TAG = re.compile(r"<([^<>\n]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_WORKSPACE = re.compile(r"^(https://[^/]+\.slack\.com)/")


def looks_like_messages(document: Any) -> bool:
    """A JSON array of Slack messages: objects of ``type`` "message", some with a ``ts``."""
    if not isinstance(document, list):
        return False
    head = [m for m in document[:50] if isinstance(m, dict)]
    return (
        bool(head)
        and all(m.get("type") == "message" for m in head)
        and any("ts" in m for m in head)
    )


def looks_like_users(document: Any) -> bool:
    """A JSON array of Slack user objects (``users.json``)."""
    return (
        isinstance(document, list)
        and bool(document)
        and all(isinstance(u, dict) and "id" in u and "profile" in u for u in document[:20])
    )


def looks_like_channels(document: Any) -> bool:
    """A JSON array of Slack channel objects (``channels.json``)."""
    return (
        isinstance(document, list)
        and bool(document)
        and all(
            isinstance(c, dict) and "id" in c and "name" in c and "created" in c
            for c in document[:20]
        )
    )


def is_export(sources: list[Source]) -> bool:
    """Whether the files of a folder or archive are a Slack export or a channel's day files."""
    names = {PurePosixPath(s.rel).name for s in sources}
    return bool(names & (_USERS_FILES | _CHANNEL_FILES)) or any(_DAY_FILE.match(n) for n in names)


class _Workspace:
    """Users, bots and channels of the export: the names that ids stand for."""

    def __init__(self) -> None:
        self.users: dict[str, str] = {}
        self.channels: dict[str, str] = {}
        self.channel_ids: dict[str, str] = {}
        self.pins: set[tuple[str, str]] = set()
        self.base_url: str | None = None

    def add_users(self, users: list[Any]) -> None:
        for user in users:
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                continue
            profile = obj(user.get("profile"))
            name = (
                profile.get("display_name")
                or profile.get("real_name")
                or user.get("real_name")
                or user.get("name")
            )
            if isinstance(name, str) and name.strip():
                self.users[user["id"]] = name.strip()
                bot_id = profile.get("bot_id")
                if isinstance(bot_id, str):
                    self.users.setdefault(bot_id, name.strip())

    def add_channels(self, channels: list[Any]) -> None:
        for channel in channels:
            if not isinstance(channel, dict):
                continue
            cid, name = channel.get("id"), channel.get("name")
            if isinstance(cid, str) and isinstance(name, str):
                self.channels[cid] = name
                self.channel_ids[name] = cid
            for pin in channel.get("pins") or []:
                if (
                    isinstance(pin, dict)
                    and isinstance(pin.get("id"), str)
                    and isinstance(cid, str)
                ):
                    self.pins.add((cid, pin["id"]))

    def user(self, uid: str, fallback: str | None = None) -> str:
        return self.users.get(uid) or fallback or uid

    def plain(self, text: str) -> str:
        """Slack's markup as plain text: ``<@U1>`` -> ``@dana``, ``<u|label>`` -> ``label (u)``."""
        if "<" in text:
            text = _TAG.sub(self._tag, text)
        if "&" in text:
            for entity, char in _ENTITIES:
                text = text.replace(entity, char)
        return text.strip()

    def _tag(self, match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        first = target[:1]
        if first == "@":
            return "@" + (self.users.get(target[1:]) or label or target[1:])
        if first == "#":
            return "#" + (label or self.channels.get(target[1:]) or target[1:])
        if first == "!":
            word = target[1:]
            if word in ("here", "channel", "everyone"):
                return f"@{word}"
            if word.startswith("subteam^"):
                return label or "@group"
            if word.startswith("date^"):
                return label or word.split("^")[1]
            return label or word
        if target.startswith("mailto:"):
            return label or target[len("mailto:") :]
        if not label or label == target:
            return target
        return f"{label} ({target})"


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from a Slack export's files; see the module docstring."""
    result = ImportResult(FORMAT)
    workspace = _Workspace()
    days: list[tuple[Source, str, list[Any]]] = []
    for source in sources:
        name = PurePosixPath(source.rel).name if source.rel else ""
        parent = PurePosixPath(source.rel).parent.name if source.rel else ""
        if source.rel and not (
            name in _USERS_FILES or name in _CHANNEL_FILES or _DAY_FILE.match(name)
        ):
            continue  # integration_logs.json, canvases, files of other tools
        documents = json_documents(source, "a Slack export's JSON files")
        document = documents[0] if len(documents) == 1 else documents
        if name in _USERS_FILES or (not source.rel and looks_like_users(document)):
            if not isinstance(document, list):
                raise SourceError(source.name, "expected a JSON array of users")
            workspace.add_users(document)
        elif name in _CHANNEL_FILES or (not source.rel and looks_like_channels(document)):
            if not isinstance(document, list):
                raise SourceError(source.name, "expected a JSON array of channels")
            workspace.add_channels(document)
        elif isinstance(document, list) and (
            _DAY_FILE.match(name) or looks_like_messages(document) or not document
        ):
            days.append((source, parent, document))
        else:
            raise SourceError(
                source.name,
                "expected a Slack day file (a JSON array of messages with type and ts), "
                "users.json or channels.json",
            )
    if not days:
        raise SourceError(
            sources[0].group or sources[0].name,
            "no messages: expected a channel's YYYY-MM-DD.json day files",
        )
    if not workspace.users:
        # Without users.json, names come from the profiles messages carry.
        for _source, _parent, messages in days:
            for message in messages:
                if isinstance(message, dict) and isinstance(message.get("user"), str):
                    profile = obj(message.get("user_profile"))
                    found = profile.get("display_name") or profile.get("real_name")
                    if isinstance(found, str) and found.strip():
                        workspace.users.setdefault(message["user"], found.strip())
        result.warnings.append(
            f"{sources[0].group or sources[0].name}: no users.json; names come from the "
            "profiles inside messages"
        )
    for _source, _parent, messages in days:
        for message in messages:
            for file in (message.get("files") or []) if isinstance(message, dict) else []:
                link = file.get("permalink") if isinstance(file, dict) else None
                found = _WORKSPACE.match(link) if isinstance(link, str) else None
                if found:
                    workspace.base_url = found.group(1)
                    break
            if workspace.base_url:
                break
        if workspace.base_url:
            break

    channels_seen: set[str] = set()
    unpinned = 0
    for source, parent, messages in days:
        kept: dict[str, ImportedEvent] = {}
        for index, message in enumerate(messages, 1):
            where = f"{source.name}: message {index}"
            if not isinstance(message, dict):
                result.skipped.append(Skipped(where, "not a message object"))
                continue
            channel = _channel(message, parent, source, workspace)
            try:
                outcome = _event(message, channel, workspace, options, kept)
            except RecordError as error:
                ts = message.get("ts")
                key = f"{channel}:{ts}" if isinstance(ts, str) and ts else where
                result.skipped.append(Skipped(key, str(error)))
                continue
            if outcome is None:
                continue
            if isinstance(outcome, Skipped):
                result.skipped.append(outcome)
                continue
            if isinstance(outcome, str):  # "unpinned"
                unpinned += 1
                continue
            channels_seen.add(channel)
            kept[outcome.source_id] = outcome
        result.events.extend(kept.values())
    if unpinned:
        result.warnings.append(
            f"{unpinned} message{'s' if unpinned != 1 else ''} neither pinned nor marked "
            f":{options.marker}: left out (--pinned)"
        )
    if len(channels_seen) > 1:
        # Several channels in one timeline: each event says where it was said.
        for event in result.events:
            channel = event.source_id.rsplit(":", 1)[0]
            event.text = f"#{workspace.channels.get(channel, channel)}: {event.text}"
        names = ", ".join(sorted("#" + workspace.channels.get(c, c) for c in channels_seen))
        result.warnings.append(f"messages from {len(channels_seen)} channels: {names}")
    return result


def _channel(message: dict[str, Any], parent: str, source: Source, ws: _Workspace) -> str:
    if parent and parent in ws.channel_ids:
        return ws.channel_ids[parent]
    channel = message.get("channel")
    if isinstance(channel, str) and channel:
        return channel
    return parent or PurePosixPath(source.name).stem


def _event(
    message: dict[str, Any],
    channel: str,
    ws: _Workspace,
    options: ReadOptions,
    kept: dict[str, ImportedEvent],
) -> ImportedEvent | Skipped | str | None:
    if message.get("type") != "message":
        raise RecordError(f"not a message (type {message.get('type')!r})")
    subtype = message.get("subtype")
    if subtype == "message_changed":
        # An edit recorded as its own entry: the message in its last form replaces the first.
        inner = message.get("message")
        if not isinstance(inner, dict) or "ts" not in inner:
            raise RecordError("message_changed without the changed message")
        inner = {"type": "message", **inner}
        return _event(inner, channel, ws, options, kept)
    if subtype == "message_deleted":
        deleted = message.get("deleted_ts")
        kept.pop(f"{channel}:{deleted}", None)
        return Skipped(f"{channel}:{deleted}", "deleted message")
    ts = message.get("ts")
    if not isinstance(ts, str) or not ts:
        raise RecordError("ts: missing")
    source_id = f"{channel}:{ts}"
    if subtype is not None:  # most messages have none: one test for them all
        if subtype == "tombstone":
            # A deleted thread parent stays as a tombstone while its replies remain.
            return Skipped(source_id, "deleted message")
        if subtype in SKIPPED_SUBTYPES:
            return Skipped(source_id, SKIPPED_SUBTYPES[subtype])
    if message.get("hidden"):
        return Skipped(source_id, "deleted message")
    text = _text(message, ws)
    if not text:
        return Skipped(source_id, "no text")
    if options.pinned and not _marked(message, channel, ts, ws, options.marker):
        return "unpinned"
    thread = message.get("thread_ts")
    if thread.__class__ is not str:
        thread = None
    elif thread != ts:
        text = "(reply) " + text
    return ImportedEvent(
        epoch(ts, "ts"),
        text,
        "note",
        _actor(message, subtype, ws),
        _permalink(ws, channel, ts, thread) if ws.base_url else None,
        SOURCE,
        source_id,
    )


def _text(message: dict[str, Any], ws: _Workspace) -> str:
    text = message.get("text")
    shown = ws.plain(text) if text and isinstance(text, str) else ""
    if not shown:
        for attachment in message.get("attachments") or ():
            if not isinstance(attachment, dict):
                continue
            for key in ("fallback", "title", "text", "pretext"):
                value = attachment.get(key)
                if isinstance(value, str) and value.strip():
                    shown = ws.plain(value)
                    break
            if shown:
                break
    if "files" in message:
        for file in message["files"] or ():
            if isinstance(file, dict):
                title = file.get("title") or file.get("name")
                if isinstance(title, str) and title and file.get("mode") != "tombstone":
                    shown = f"{shown} [file: {title}]" if shown else f"[file: {title}]"
    return shown


def _actor(message: dict[str, Any], subtype: Any, ws: _Workspace) -> str | None:
    user = message.get("user")
    if subtype == "bot_message" or (not user and message.get("bot_id")):
        bot_profile = message.get("bot_profile")
        bot_name = bot_profile.get("name") if isinstance(bot_profile, dict) else None
        username = message.get("username")
        bot_id = message.get("bot_id")
        return (
            (username if isinstance(username, str) and username else None)
            or (bot_name if isinstance(bot_name, str) and bot_name else None)
            or (ws.users.get(bot_id) if isinstance(bot_id, str) else None)
            or "bot"
        )
    if user and isinstance(user, str):
        known = ws.users.get(user)
        if known:
            return known
    profile = message.get("user_profile")
    fallback = None
    if isinstance(profile, dict):
        fallback = profile.get("display_name") or profile.get("real_name") or None
    return fallback or (user if isinstance(user, str) and user else None)


def _marked(message: dict[str, Any], channel: str, ts: str, ws: _Workspace, marker: str) -> bool:
    if message.get("pinned_to") or (channel, ts) in ws.pins:
        return True
    for reaction in message.get("reactions") or []:
        if isinstance(reaction, dict):
            name = str(reaction.get("name", "")).split("::")[0]
            if name == marker:
                return True
    return False


def _permalink(ws: _Workspace, channel: str, ts: str, thread: str | None) -> str | None:
    if ws.base_url is None or not channel.startswith(("C", "G", "D")):
        return None
    link = f"{ws.base_url}/archives/{channel}/p{ts.replace('.', '')}"
    if thread and thread != ts:
        link += f"?thread_ts={thread}&cid={channel}"
    return link
