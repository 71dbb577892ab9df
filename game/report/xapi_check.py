"""The xAPI 1.0.3 rules a statement of ours must keep, checked before it is written or sent: an LRS
refuses a whole batch for one bad statement, and a queue that holds one would never empty.

Not a full validator of every statement anyone could write: the parts our statements use
(actor as an account, verb, activity, result, context, timestamp), checked as the specification
states them."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any
from urllib.parse import urlsplit

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
DURATION = re.compile(r"P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp"}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
CONTEXT_KEYS = {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language",
                "statement", "extensions"}  # fmt: skip


def problems(statement: Any) -> list[str]:
    """Every broken rule in `statement`, each one line naming the property; empty when it is good."""
    out: list[str] = []
    if not isinstance(statement, dict):
        return ["statement: expected an object"]
    for key in sorted(set(statement) - STATEMENT_KEYS):
        out.append(f"{key}: not a property a statement of ours has")
    for key in ("actor", "verb", "object"):
        if key not in statement:
            out.append(f"{key}: required")
    if "id" in statement and not _uuid(statement["id"]):
        out.append(f"id: expected a UUID, got {statement['id']!r}")
    _actor(statement.get("actor"), out)
    _verb(statement.get("verb"), out)
    _object(statement.get("object"), out)
    if "result" in statement:
        _result(statement["result"], out)
    if "context" in statement:
        _context(statement["context"], out)
    if "timestamp" in statement and not _timestamp(statement["timestamp"]):
        out.append(f"timestamp: expected ISO 8601 with a time zone, got {statement['timestamp']!r}")
    return out


def _uuid(value: Any) -> bool:
    return isinstance(value, str) and UUID.fullmatch(value) is not None


def _iri(value: Any) -> bool:
    if not isinstance(value, str) or any(ch.isspace() for ch in value):
        return False
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def _url(value: Any) -> bool:
    return _iri(value) and urlsplit(value).scheme in ("http", "https") and bool(urlsplit(value).netloc)


def _language_map(value: Any, where: str, out: list[str]) -> None:
    if not isinstance(value, dict) or not value:
        out.append(f"{where}: expected a language map")
        return
    for tag, text in value.items():
        if not isinstance(tag, str) or not LANGUAGE.fullmatch(tag) or not isinstance(text, str):
            out.append(f"{where}: expected language tags with text, got {tag!r}")


def _extensions(value: Any, where: str, out: list[str]) -> None:
    if not isinstance(value, dict):
        out.append(f"{where}: expected an object")
        return
    for key in value:
        if not _iri(key):
            out.append(f"{where}: an extension's key must be an IRI, got {key!r}")


def _actor(actor: Any, out: list[str]) -> None:
    if actor is None:
        return
    if not isinstance(actor, dict):
        out.append("actor: expected an object")
        return
    if actor.get("objectType", "Agent") not in ("Agent", "Group"):
        out.append(f"actor.objectType: expected Agent or Group, got {actor.get('objectType')!r}")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in actor]
    if len(ifis) != 1:
        out.append(f"actor: expected exactly one identifier, got {ifis or 'none'}")
    if "mbox" in actor or "mbox_sha1sum" in actor:
        out.append("actor: an e-mail address where the actor should be an account")
    account = actor.get("account")
    if account is not None:
        if not isinstance(account, dict) or set(account) != {"homePage", "name"}:
            out.append("actor.account: expected exactly homePage and name")
        else:
            if not _url(account["homePage"]):
                out.append(f"actor.account.homePage: expected a URL, got {account['homePage']!r}")
            if not isinstance(account["name"], str) or not account["name"]:
                out.append("actor.account.name: expected a name")
    if "name" in actor and not isinstance(actor["name"], str):
        out.append("actor.name: expected text")


def _verb(verb: Any, out: list[str]) -> None:
    if verb is None:
        return
    if not isinstance(verb, dict) or not _iri(verb.get("id")):
        out.append("verb.id: expected an IRI")
        return
    if "display" in verb:
        _language_map(verb["display"], "verb.display", out)


def _object(obj: Any, out: list[str]) -> None:
    if obj is None:
        return
    if not isinstance(obj, dict) or obj.get("objectType", "Activity") != "Activity":
        out.append("object: expected an Activity")
        return
    if not _iri(obj.get("id")):
        out.append(f"object.id: expected an IRI, got {obj.get('id')!r}")
    definition = obj.get("definition")
    if definition is None:
        return
    if not isinstance(definition, dict):
        out.append("object.definition: expected an object")
        return
    for key in ("name", "description"):
        if key in definition:
            _language_map(definition[key], f"object.definition.{key}", out)
    if "type" in definition and not _iri(definition["type"]):
        out.append("object.definition.type: expected an IRI")
    if "choices" in definition:
        ids = [c.get("id") if isinstance(c, dict) else None for c in definition["choices"]]
        if definition.get("interactionType") != "choice" or not all(isinstance(i, str) for i in ids):
            out.append("object.definition.choices: expected ids, with the interactionType choice")
        elif len(set(ids)) != len(ids):
            out.append("object.definition.choices: an id twice")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _result(result: Any, out: list[str]) -> None:
    if not isinstance(result, dict):
        out.append("result: expected an object")
        return
    for key in sorted(set(result) - RESULT_KEYS):
        out.append(f"result.{key}: not a property of a result")
    score = result.get("score")
    if score is not None:
        if not isinstance(score, dict) or not all(_number(v) for v in score.values()):
            out.append("result.score: expected numbers")
        else:
            scaled = score.get("scaled")
            if scaled is not None and not -1 <= scaled <= 1:
                out.append(f"result.score.scaled: expected a number from -1 to 1, got {scaled}")
            low, high, raw = score.get("min"), score.get("max"), score.get("raw")
            if low is not None and high is not None and low > high:
                out.append("result.score: min above max")
            if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
                out.append("result.score.raw: outside min and max")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            out.append(f"result.{key}: expected true or false")
    if "response" in result and not isinstance(result["response"], str):
        out.append("result.response: expected text")
    if "duration" in result and not (isinstance(result["duration"], str) and DURATION.fullmatch(result["duration"])):
        out.append(f"result.duration: expected an ISO 8601 duration, got {result['duration']!r}")
    if "extensions" in result:
        _extensions(result["extensions"], "result.extensions", out)


def _context(context: Any, out: list[str]) -> None:
    if not isinstance(context, dict):
        out.append("context: expected an object")
        return
    for key in sorted(set(context) - CONTEXT_KEYS):
        out.append(f"context.{key}: not a property of a context")
    if "registration" in context and not _uuid(context["registration"]):
        out.append("context.registration: expected a UUID")
    if "language" in context and not (isinstance(context["language"], str) and LANGUAGE.fullmatch(context["language"])):
        out.append("context.language: expected a language tag (RFC 5646)")
    for key in ("platform", "revision"):
        if key in context and not isinstance(context[key], str):
            out.append(f"context.{key}: expected text")
    activities = context.get("contextActivities")
    if activities is not None:
        if not isinstance(activities, dict):
            out.append("context.contextActivities: expected an object")
        else:
            for kind, listed in activities.items():
                if kind not in ("parent", "grouping", "category", "other") or not isinstance(listed, list):
                    out.append(f"context.contextActivities.{kind}: expected parent, grouping, category or other")
                    continue
                for activity in listed:
                    _object(activity, out)
    if "extensions" in context:
        _extensions(context["extensions"], "context.extensions", out)


def _timestamp(value: Any) -> bool:
    if not isinstance(value, str) or not TIMESTAMP.fullmatch(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True
