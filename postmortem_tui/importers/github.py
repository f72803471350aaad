"""GitHub deployments (``GET /repos/{o}/{r}/deployments``) and their statuses
(``GET .../deployments/{id}/statuses``), given together.

A deployment is live at its first ``success`` status: that is the event, a ``note`` "Deployed
v2.31.0 to production" (the person marks it ``trigger`` when it caused the incident; the tool
never guesses a trigger). A deployment of an older release than the one before it in the same
environment is a rollback: its start is proposed as ``mitigated``. Without statuses, each
deployment is a note at the time it was requested. ``failure`` and ``error`` statuses are notes.
"""

from __future__ import annotations

import re
from datetime import UTC
from typing import Any

from .base import (
    Clock,
    ImportedEvent,
    ImportResult,
    ReadOptions,
    RecordError,
    Skipped,
    Source,
    SourceError,
    get,
    json_documents,
    text_of,
)

FORMAT = "github-deployments"
SOURCE = "github"
EXPECTED = "GitHub deployments (a JSON array with sha, ref, environment) and their statuses"
_DEPLOYMENT_ID = re.compile(r"/deployments/(\d+)(?:/|$)")
_VERSION = re.compile(r"(\d+(?:\.\d+)+)")


def is_deployment(record: Any) -> bool:
    """A deployment object."""
    return (
        isinstance(record, dict) and "sha" in record and "ref" in record and "environment" in record
    )


def is_status(record: Any) -> bool:
    """A deployment status object."""
    return (
        isinstance(record, dict)
        and "state" in record
        and ("deployment_url" in record or "target_url" in record or "log_url" in record)
    )


def looks_like(document: Any) -> bool:
    """Deployments, statuses, or statuses keyed by deployment id."""
    if isinstance(document, list) and document:
        return all(is_deployment(d) or is_status(d) for d in document[:20])
    if isinstance(document, dict) and document:
        return all(
            isinstance(v, list) and all(is_status(s) for s in v[:5]) for v in document.values()
        ) and all(k.isdigit() for k in document)
    return False


def read(sources: list[Source], options: ReadOptions) -> ImportResult:
    """Events from deployment and status files; see the module docstring."""
    result = ImportResult(FORMAT)
    deployments: dict[str, dict[str, Any]] = {}
    statuses: dict[str, list[dict[str, Any]]] = {}
    clock = Clock(options.tz)
    for source in sources:
        for document in json_documents(source, EXPECTED):
            if not looks_like(document):
                raise SourceError(source.name, f"expected {EXPECTED}")
            records: list[tuple[str | None, Any]]
            if isinstance(document, dict):
                records = [(k, s) for k, v in document.items() for s in v]
            else:
                records = [(None, r) for r in document]
            for key, record in records:
                if is_deployment(record):
                    deployments[str(record.get("id"))] = record
                    continue
                url = str(record.get("deployment_url") or record.get("url") or "")
                found = _DEPLOYMENT_ID.search(url)
                owner = key or (found.group(1) if found else None)
                if owner is None:
                    result.skipped.append(Skipped(str(record.get("id")), "status of no deployment"))
                    continue
                statuses.setdefault(owner, []).append(record)
    for orphan in sorted(set(statuses) - set(deployments)):
        # Statuses given without their deployment: the deployment is named by its id.
        first = min(statuses[orphan], key=lambda s: str(s.get("created_at")))
        deployments[orphan] = {
            "id": orphan,
            "ref": f"deployment {orphan}",
            "environment": first.get("environment"),
            "created_at": first.get("created_at"),
        }
    rows: list[tuple[Any, str, dict[str, Any]]] = []
    for deployment_id, deployment in deployments.items():
        try:
            rows.append(
                (
                    clock.instant(deployment.get("created_at"), "created_at"),
                    deployment_id,
                    deployment,
                )
            )
        except RecordError as error:
            result.skipped.append(Skipped(f"deployment:{deployment_id}", str(error)))
    rows.sort(key=lambda row: row[0].astimezone(UTC))
    latest: dict[str, tuple[int, ...]] = {}
    for requested, deployment_id, deployment in rows:
        ref = text_of(deployment.get("ref")) or text_of(deployment.get("sha"))[:12]
        environment = text_of(deployment.get("environment")) or "an environment"
        actor = text_of(get(deployment, "creator", "login")) or None
        version = _version(ref)
        rollback = version is not None and environment in latest and version < latest[environment]
        if version is not None:
            latest[environment] = version
        mine = statuses.get(deployment_id, [])
        if rollback:
            result.events.append(
                ImportedEvent(
                    requested,
                    f"Rollback to {ref} in {environment} started",
                    "mitigated",
                    actor=actor,
                    source=SOURCE,
                    source_id=f"deployment:{deployment_id}:requested",
                )
            )
        if not mine and not rollback:
            result.events.append(
                ImportedEvent(
                    requested,
                    f"Deployment of {ref} to {environment} requested",
                    actor=actor,
                    source=SOURCE,
                    source_id=f"deployment:{deployment_id}:requested",
                )
            )
        dated: list[tuple[Any, dict[str, Any]]] = []
        for status in mine:
            try:
                dated.append((clock.instant(status.get("created_at"), "created_at"), status))
            except RecordError as error:
                result.skipped.append(Skipped(f"status:{status.get('id')}", str(error)))
        dated.sort(key=lambda pair: pair[0].astimezone(UTC))
        live = False
        for at, status in dated:
            state = status.get("state")
            link = status.get("log_url") or status.get("target_url")
            link = link if isinstance(link, str) and link else None
            description = text_of(status.get("description"))
            if state == "success" and not live:
                live = True
                text = f"Deployed {ref} to {environment}" + (
                    f": {description}" if description else ""
                )
            elif state in ("failure", "error"):
                text = f"Deployment of {ref} to {environment} failed" + (
                    f": {description}" if description else ""
                )
            else:
                continue
            result.events.append(
                ImportedEvent(
                    at,
                    text,
                    actor=text_of(get(status, "creator", "login")) or actor,
                    link=link,
                    source=SOURCE,
                    source_id=f"status:{status.get('id')}",
                )
            )
    if clock.naive:
        result.warnings.append(
            f"GitHub: {clock.naive} times without an offset, read in {options.tz}"
        )
    return result


def _version(ref: str) -> tuple[int, ...] | None:
    found = _VERSION.search(ref)
    return tuple(int(p) for p in found.group(1).split(".")) if found else None
