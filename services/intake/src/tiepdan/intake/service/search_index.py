"""Fill the citizen search index for rows stored before it existed (`python -m tiepdan.intake.service.search_index`).

The worker runs the same pass once at start (and again until nothing is left), so after an upgrade existing records
become searchable without a manual step. Identity is encrypted, so indexing decrypts each row with the identity keys
and stores only keyed digests (IdentityVault.search_digest).

Keys: rotating the Fernet keys (key_rotation) changes nothing here, the digests are over the plain values. The
index key (TIEPDAN_INTAKE_INDEX_KEY) keys both the repeat-visit digest and the search digests: if it ever has to
change, stop intake's web processes, set the new key, run this module with `--rebuild` (it recomputes every ID
digest and search digest from the decrypted values), then start again.
"""

from __future__ import annotations

import argparse
import json

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.adapters.repository import search_rows
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.service.unit_of_work import intake_work
from tiepdan.kit.service import Runtime

#: runtime.state key: set once a pass found nothing left to index (rows become unindexed only by the migration).
DONE_KEY = "intake_search_index_done"


def index_citizens(runtime: Runtime, vault: IdentityVault, batch: int = 500, rebuild: bool = False) -> int:
    """Citizens indexed; each batch commits on its own, so an interrupted run can simply be started again."""
    indexed, after = 0, 0
    while True:
        with intake_work(runtime.uow()) as uow:
            # two workers starting together index different rows
            rows = uow.records.citizen_rows(after, batch, unindexed_only=not rebuild, claim=True)
            if not rows:
                return indexed
            for row in rows:
                citizen = Citizen(
                    full_name=vault.decrypt(row.full_name_enc) or "",
                    id_number=vault.decrypt(row.id_number_enc),
                    phone=vault.decrypt(row.phone_enc),
                )
                record_id = row.visit_id or row.petition_id or ""
                uow.records.index(
                    row, search_rows(vault, row.unit, row.case_id or "", record_id, [citizen], row.position)
                )
                if rebuild:
                    uow.records.rekey(row, vault.digest(citizen.id_number) if citizen.id_number else None)
            uow.commit()
        indexed += len(rows)
        after = rows[-1].seq


def index_pending(runtime: Runtime, vault: IdentityVault) -> None:
    """The worker's periodic task: index what the migration left unindexed, then stop looking."""
    if runtime.state.get(DONE_KEY):
        return
    index_citizens(runtime, vault)
    runtime.state[DONE_KEY] = True


def main() -> None:
    from tiepdan.intake.api.context import intake_config
    from tiepdan.intake.app import SERVICE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="recompute every digest (after an index key change)")
    args = parser.parse_args()
    runtime = Runtime(SERVICE)
    count = index_citizens(runtime, intake_config(runtime).vault, rebuild=args.rebuild)
    print(json.dumps({"service": "intake", "citizens_indexed": count}))


if __name__ == "__main__":
    main()
