"""The double-entry ledger: one header per posting (its natural key makes it idempotent), one
item per leg, and a balance per account kept by atomic ADD in the same transaction."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


class LegsByAccount(GlobalSecondaryIndex["LedgerItem"]):
    """An account's history (legs only; headers carry no `account`)."""

    class Meta:
        index_name = "by-account"
        projection = AllProjection()

    account = UnicodeAttribute(hash_key=True)
    posted_key = UnicodeAttribute(range_key=True)  # f"{posted_at:012d}#{txn_id}#{leg}"


class LedgerItem(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "ledger"

    txn_id = UnicodeAttribute(hash_key=True)  # natural key, e.g. "capture:pay_123"
    leg = NumberAttribute(range_key=True)  # 0 = header, 1.. = legs
    kind = UnicodeAttribute()
    posted_at = NumberAttribute()
    account = UnicodeAttribute(null=True)
    amount_paise = NumberAttribute(null=True)  # signed: + into the account, - out of it
    posted_key = UnicodeAttribute(null=True)
    refs = MapAttribute(default=dict)  # type: ignore[var-annotated]
    by_account = LegsByAccount()


class Balance(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "balances"

    account = UnicodeAttribute(hash_key=True)
    balance_paise = NumberAttribute(default=0)
