"""`chalicelib.tables.table_specs()` → the table definitions the CDK stack builds.

Pure Python (no aws_cdk import): the stack turns each `TableDef` into a `dynamodb.Table` and the
tests check the mapping 1:1 without aws-cdk-lib installed. The specs are the single source of truth;
nothing about keys, indexes or TTL is restated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ATTRIBUTE_TYPES = {"S": "STRING", "N": "NUMBER", "B": "BINARY"}
PROJECTION_TYPES = {"ALL", "KEYS_ONLY", "INCLUDE"}


@dataclass(frozen=True)
class KeyAttr:
    name: str
    type: str  # "S" | "N" | "B" (DynamoDB attribute type)


@dataclass(frozen=True)
class IndexDef:
    name: str
    partition_key: KeyAttr
    sort_key: KeyAttr | None
    projection_type: str  # "ALL" | "KEYS_ONLY" | "INCLUDE"
    non_key_attributes: tuple[str, ...]


@dataclass(frozen=True)
class TableDef:
    base_name: str
    construct_id: str
    table_name: str
    partition_key: KeyAttr
    sort_key: KeyAttr | None
    global_secondary_indexes: tuple[IndexDef, ...]
    ttl_attribute: str | None
    stream_view_type: str | None = None
    billing_mode: str = "PAY_PER_REQUEST"
    point_in_time_recovery: bool = True


class SpecError(ValueError):
    """A table spec cannot be mapped (missing attribute definition, odd key schema...)."""


def table_prefix(stage: str) -> str:
    """Must equal the default of `PEERLEARN_TABLE_PREFIX` in chalicelib/core/settings.py."""
    return f"peerlearn-{stage}-"


def construct_id(base_name: str) -> str:
    return "Table" + "".join(part.capitalize() for part in base_name.replace("_", "-").split("-") if part)


def _keys(
    key_schema: Sequence[Mapping[str, str]], types: Mapping[str, str], where: str
) -> tuple[KeyAttr, KeyAttr | None]:
    by_role: dict[str, str] = {}
    for element in key_schema:
        role = element["KeyType"]
        if role in by_role:
            raise SpecError(f"{where}: two {role} keys")
        by_role[role] = element["AttributeName"]
    if set(by_role) - {"HASH", "RANGE"} or "HASH" not in by_role:
        raise SpecError(f"{where}: key schema needs one HASH and at most one RANGE key, got {key_schema!r}")

    def attr(name: str) -> KeyAttr:
        if name not in types:
            raise SpecError(f"{where}: key attribute {name!r} has no attribute definition")
        if types[name] not in ATTRIBUTE_TYPES:
            raise SpecError(f"{where}: key attribute {name!r} has type {types[name]!r}")
        return KeyAttr(name, types[name])

    sort = by_role.get("RANGE")
    return attr(by_role["HASH"]), attr(sort) if sort else None


def table_def(spec: Mapping[str, Any], stage: str) -> TableDef:
    base = spec["base_name"]
    types = {d["AttributeName"]: d["AttributeType"] for d in spec["attribute_definitions"]}
    pk, sk = _keys(spec["key_schema"], types, base)
    indexes = []
    for gsi in spec.get("global_secondary_indexes") or []:
        gpk, gsk = _keys(gsi["key_schema"], types, f"{base}/{gsi['index_name']}")
        projection = gsi.get("projection") or {"ProjectionType": "ALL"}
        ptype = projection.get("ProjectionType", "ALL")
        if ptype not in PROJECTION_TYPES:
            raise SpecError(f"{base}/{gsi['index_name']}: projection {ptype!r}")
        indexes.append(IndexDef(gsi["index_name"], gpk, gsk, ptype, tuple(projection.get("NonKeyAttributes") or ())))
    return TableDef(
        base_name=base,
        construct_id=construct_id(base),
        table_name=f"{table_prefix(stage)}{base}",
        partition_key=pk,
        sort_key=sk,
        global_secondary_indexes=tuple(indexes),
        ttl_attribute=spec.get("ttl_attribute") or None,
        stream_view_type=spec.get("stream_view_type") or None,
    )


def table_defs(stage: str, specs: Iterable[Mapping[str, Any]] | None = None) -> list[TableDef]:
    """Every table of the app for `stage`, from `table_specs()` unless specs are given."""
    if specs is None:
        from chalicelib.tables import table_specs

        specs = table_specs()
    defs = [table_def(spec, stage) for spec in specs]
    seen: set[str] = set()
    for d in defs:
        if d.construct_id in seen:
            raise SpecError(f"two tables map to construct id {d.construct_id!r}")
        seen.add(d.construct_id)
    return defs
