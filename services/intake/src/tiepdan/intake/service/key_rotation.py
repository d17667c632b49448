"""Re-encrypt every stored identity field under the newest key (`python -m tiepdan.intake.service.key_rotation`).

Rotation: put the new Fernet key first in TIEPDAN_INTAKE_IDENTITY_KEYS (old keys after it, so reads keep working),
restart, run this, then drop the old keys. The blind-index key is not rotated with them (links to earlier cases
and the citizen search index need it); changing it takes a rebuild of both (service.search_index --rebuild).
"""

from __future__ import annotations

import json

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.service.unit_of_work import intake_work
from tiepdan.kit.service import Runtime


def rotate_identity_keys(runtime: Runtime, vault: IdentityVault, batch: int = 500) -> int:
    """Rows re-encrypted; each batch commits on its own, so an interrupted run can simply be started again."""
    rotated, after = 0, 0
    while True:
        with intake_work(runtime.uow()) as uow:
            rows = uow.records.citizen_rows(after, batch)
            if not rows:
                return rotated
            for row in rows:
                uow.records.reencrypt(row, vault.rotate)
            uow.commit()
        rotated += len(rows)
        after = rows[-1].seq


def main() -> None:
    from tiepdan.intake.api.context import intake_config
    from tiepdan.intake.app import SERVICE

    runtime = Runtime(SERVICE)
    count = rotate_identity_keys(runtime, intake_config(runtime).vault)
    print(json.dumps({"service": "intake", "citizens_reencrypted": count}))


if __name__ == "__main__":
    main()
