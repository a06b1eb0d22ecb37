# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""The repository around the tests: its root, and its scripts as modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

#: The repository's top folder.
ROOT = Path(__file__).resolve().parent.parent


def script(path: str, name: str) -> ModuleType:
    """The script at ``path`` (from the top folder) loaded as module ``name``,
    without running its ``if __name__ == "__main__"`` part."""
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
