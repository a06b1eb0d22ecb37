# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Check, or write anew, the manifest of stored event shapes
(``tests/data/event-schemas.json``).

Run it from the repository's root::

    PYTHONPATH=src python tools/event_schemas.py          # check
    PYTHONPATH=src python tools/event_schemas.py --write  # write

Write it only after changing an event deliberately, with a new
``class_version`` and its upcaster (see ``docs/events.md``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import event_schemas


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        event_schemas.write()
        print(f"wrote {event_schemas.MANIFEST}")
        return 0
    if argv:
        print("usage: tools/event_schemas.py [--write]", file=sys.stderr)
        return 2
    found = event_schemas.problems(
        event_schemas.schemas(),
        event_schemas.committed(),
        event_schemas.event_classes(),
    )
    for problem in found:
        print(problem)
    if not found:
        print("every event type matches the manifest")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
