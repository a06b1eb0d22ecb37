# SPDX-FileCopyrightText: 2026 The circleflow contributors
# SPDX-License-Identifier: EUPL-1.2
"""Mermaid state diagrams drawn from the same machine that runs circles.

Nested states become composite states; a transition is written inside the
innermost composite state that holds both its ends, entering a composite is
drawn from its ``[*]`` and leaving a hot seat back to its element to ``[*]``.
Steps that keep the state (activities) are left out to keep the picture
readable; ``circleflow formats show`` lists them. So are cancelling and
concluding early, which lead from every state before the end to
``Afgelast`` and ``Afgerond``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from circleflow.workflow import Workflow

_SEP = "."

#: Steps possible from every state before the end, not drawn.
_EVERYWHERE = frozenset({"cancel", "conclude_early"})


def _id(state: str) -> str:
    return state.replace(_SEP, "_")


def _parent(state: str) -> str:
    return state.rsplit(_SEP, 1)[0] if _SEP in state else ""


def _common(a: str, b: str) -> str:
    left, right = a.split(_SEP), b.split(_SEP)
    shared: list[str] = []
    for x, y in zip(left, right, strict=False):
        if x != y:
            break
        shared.append(x)
    return _SEP.join(shared)


def mermaid(workflow: Workflow, current: str | None = None) -> str:
    """The Mermaid ``stateDiagram-v2`` text of ``workflow``."""
    states = workflow.states()
    children: dict[str, list[str]] = {}
    for state in states:
        children.setdefault(_parent(state), []).append(state)
    lines_in: dict[str, list[str]] = {block: [] for block in ["", *states]}
    lines_in[""].append(f"[*] --> {_id(workflow.initial)}")
    for source, command, dest in workflow.transitions():
        if source == dest or command in _EVERYWHERE:
            continue
        if _parent(dest) == source:
            lines_in[source].append(f"[*] --> {_id(dest)} : {command}")
        elif _parent(source) == dest:
            lines_in[dest].append(f"{_id(source)} --> [*] : {command}")
        else:
            block = _common(_parent(source), _parent(dest))
            lines_in[block].append(f"{_id(source)} --> {_id(dest)} : {command}")
    lines_in[""].append(f"{_id(workflow.final)} --> [*]")

    out = ["stateDiagram-v2"]

    def write(block: str, depth: int) -> None:
        pad = "    " * depth
        for state in children.get(block, []):
            label = state.rsplit(_SEP, 1)[-1]
            if state in children:
                out.append(f'{pad}state "{label}" as {_id(state)}')
                out.append(f"{pad}state {_id(state)} {{")
                write(state, depth + 1)
                out.append(f"{pad}}}")
            else:
                out.append(f'{pad}state "{label}" as {_id(state)}')
        out.extend(f"{pad}{line}" for line in lines_in[block])

    write("", 1)
    if current is not None:
        out.append("    classDef current fill:#ffd54f,stroke:#222,stroke-width:3px")
        out.append(f"    class {_id(current)} current")
    return "\n".join(out) + "\n"
