# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""``python -m circleflow`` runs the command-line tool."""

from circleflow.cli import main

main()
