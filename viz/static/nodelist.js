// nodelist.js is the list of the nodes in view, kept in sync with the
// canvas, that makes the graph usable with the keyboard and a screen
// reader: arrows move through it, Enter or Space selects.
import { el } from "./dom.js";
import { typeIcon } from "./shapes.js";
import { MORE_TYPE } from "./render.js";

const LIST_MAX = 1000; // items of the list, at most

// createNodeList fills listBox (a nav holding an h2 and a ul). onActivate(id)
// is called when an item is chosen, onFocus(id or null) when the focus
// moves in the list, onStats after it changed.
export function createNodeList(listBox, { onActivate, onFocus, onStats }) {
  const list = listBox.querySelector("ul");
  let listed = "";

  // render lists shown (the nodes in view), marking selected.
  function render(shown, selected) {
    shown = shown.sort((a, b) => (a.type === MORE_TYPE) - (b.type === MORE_TYPE) || (a.name || "").localeCompare(b.name || ""));
    const key = shown.map((d) => d.id).join("\n") + "\u0000" + selected;
    if (key === listed) return;
    listed = key;
    const hadFocus = list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
    const items = shown.slice(0, LIST_MAX).map((d) => el("li", {},
      el("button", {
        type: "button", class: "node-item", "data-id": d.id, "data-type": d.type, tabindex: "-1",
        "aria-current": d.id === selected ? "true" : null,
      }, typeIcon(d.type, d.type === MORE_TYPE ? { colour: "#fff" } : {}), d.name || d.id,
      d.type !== MORE_TYPE ? el("span", { class: "visually-hidden" }, ` (${d.type})`) : null)));
    if (shown.length > LIST_MAX) items.push(el("li", { class: "hint" }, `…and ${shown.length - LIST_MAX} more: zoom in`));
    list.replaceChildren(...items);
    listBox.querySelector("h2").textContent = `In view (${shown.length})`;
    const first = list.querySelector(`button[data-id="${CSS.escape(hadFocus || selected || "")}"]`) || list.querySelector("button");
    if (first) first.tabIndex = 0;
    if (hadFocus && first && first.dataset.id === hadFocus) first.focus();
    onStats && onStats();
  }

  list.addEventListener("keydown", (event) => {
    const buttons = [...list.querySelectorAll("button.node-item")];
    const at = buttons.indexOf(document.activeElement);
    let to = -1;
    if (event.key === "ArrowDown") to = Math.min(buttons.length - 1, at + 1);
    else if (event.key === "ArrowUp") to = Math.max(0, at - 1);
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = buttons.length - 1;
    if (to < 0) return;
    event.preventDefault();
    for (const b of buttons) b.tabIndex = -1;
    buttons[to].tabIndex = 0;
    buttons[to].focus();
  });
  list.addEventListener("focusin", (event) => onFocus(event.target.dataset ? event.target.dataset.id || null : null));
  list.addEventListener("focusout", () => onFocus(null));
  list.addEventListener("click", (event) => {
    const b = event.target.closest("button.node-item");
    if (b) onActivate(b.dataset.id);
  });

  // stale makes the next render draw the list even when the same nodes are
  // in view (their style changed).
  return { render, stale: () => { listed = ""; } };
}
