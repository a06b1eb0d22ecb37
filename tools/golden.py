# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Record the golden histories anew (``tests/data/golden``).

Run it from the repository's root, and only deliberately: after an event
changed with a new class version and its upcaster, the old golden files must
still replay to their committed digests first. See ``docs/events.md``::

    PYTHONPATH=src python tools/golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import golden


def main() -> int:
    golden.write_all()
    print(f"wrote the golden histories in {golden.GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
