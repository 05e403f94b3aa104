// Copy buttons on code blocks (designpress default theme). The page reads fully
// without this script; it adds a "Copy" button above each code block only where
// the Clipboard API exists, and says what happened in a live region.
(() => {
  if (!navigator.clipboard?.writeText) return;
  const blocks = document.querySelectorAll(".writeup-body pre:not(.mermaid)");
  if (blocks.length === 0) return;
  const status = document.createElement("p");
  status.className = "copy-status visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.append(status);

  for (const pre of blocks) {
    const block = document.createElement("div");
    block.className = "code-block";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    const label = document.createElement("span");
    label.textContent = "Copy";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " code";
    button.append(label, hidden);
    pre.replaceWith(block);
    block.append(button, pre);

    let reset;
    button.addEventListener("click", async () => {
      const code = pre.querySelector("code") ?? pre;
      let done = true;
      try {
        await navigator.clipboard.writeText(code.textContent ?? "");
      } catch {
        done = false;
      }
      label.textContent = done ? "Copied" : "Copy failed";
      // Emptied first, so that the same words twice are announced twice.
      status.textContent = "";
      status.textContent = done ? "Code copied to the clipboard" : "Could not copy the code";
      clearTimeout(reset);
      reset = setTimeout(() => {
        label.textContent = "Copy";
      }, 2000);
    });
  }
})();
