"""Read a gold annotation file and check its shape (``load_gold``, ``shape_problem``).

Every problem is one ``InputError`` line: a missing file, bad JSON (line and column) or a wrong shape.
May import: the standard library, policykg.errors.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from policykg.errors import InputError


def load_gold(path: str | os.PathLike[str]) -> dict:
    """Read a gold annotation and check its shape; every problem is one ``InputError`` line."""
    where = Path(path)
    try:
        raw = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{where}: gold file not found; check the --gold path") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{where}: cannot read the gold file ({error})") from None
    try:
        gold = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{where}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"{where}: the JSON is nested too deeply to be a gold annotation") from None
    problem = shape_problem(gold)
    if problem:
        raise InputError(f"{where}: {problem}")
    return gold


def shape_problem(gold: object) -> str | None:
    """What is wrong with a parsed gold annotation, or None."""
    if not isinstance(gold, dict):
        return "the gold annotation must be a JSON object"
    for key in ("entities", "figures"):
        if not isinstance(gold.get(key), dict):
            return f'"{key}" must be an object'
    relations = gold.get("relations", [])
    if not isinstance(relations, list) or not all(isinstance(r, dict) for r in relations):
        return '"relations" must be a list of objects'
    return entity_problem(gold["entities"]) or figure_problem(gold["figures"]) or relation_problem(relations)


def entity_problem(entities: dict) -> str | None:
    """What is wrong with the ``entities`` part, or None."""
    for cls, spec in entities.items():
        if not isinstance(spec, dict):
            return f'entities["{cls}"] must be an object with "required" and "optional" lists'
        for part in ("required", "optional"):
            aliases = spec.get(part, [])
            if not isinstance(aliases, list) or not all(is_alias_list(a) for a in aliases):
                return f'entities["{cls}"]["{part}"] must be a list of lists of labels'
    return None


def is_alias_list(value: object) -> bool:
    """True for a non-empty list of strings."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def figure_problem(figures: dict) -> str | None:
    """What is wrong with the ``figures`` part, or None."""
    for part in ("required", "optional", "forbidden"):
        items = figures.get(part, [])
        if not isinstance(items, list):
            return f'figures["{part}"] must be a list'
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("unit"), str):
                return f'figures["{part}"][{index}] must be an object with "value" and "unit"'
            if isinstance(item.get("value"), bool) or not isinstance(item.get("value"), int | float):
                return f'figures["{part}"][{index}]["value"] must be a number'
            if part == "required" and not isinstance(item.get("id"), str):
                return f'figures["required"][{index}] needs an "id"'
    return None


def relation_problem(relations: list[dict]) -> str | None:
    """What is wrong with the ``relations`` part, or None."""
    for index, rel in enumerate(relations):
        if "path" not in rel:
            continue
        path, subject = rel.get("path"), rel.get("subject")
        if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
            return f'relations[{index}]["path"] must be a list of property names'
        if not isinstance(subject, list) or not isinstance(rel.get("from"), str):
            return f'relations[{index}] needs "from" (a class or "any") and "subject" (labels)'
    return None
