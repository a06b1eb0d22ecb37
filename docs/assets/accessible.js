// SPDX-FileCopyrightText: 2026 The circleflow contributors
// SPDX-License-Identifier: EUPL-1.2
// A wide table scrolls in a box of its own; keyboard users reach that box
// with Tab and scroll it with the arrow keys. Each box is a region named
// after its table's number and the section it stands in.
document.addEventListener("DOMContentLoaded", () => {
  const boxes = document.querySelectorAll(".md-typeset__scrollwrap");
  boxes.forEach((box, index) => {
    let heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) {
      heading = heading.previousElementSibling;
    }
    const section = heading ? heading.textContent.replace(/¶$/, "").trim() : "";
    const name = `Table ${index + 1}` + (section ? `: ${section}` : "");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", name);
  });
});
