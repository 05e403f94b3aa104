import type { Element } from "hast";
import { h } from "hastscript";
import { whatIfGroups } from "./fields.js";
import { whatIfId } from "./recompute.js";

/**
 * The what-if form under the estimates table: the writeup's inputs as text
 * fields, `hidden` until the script (`whatif-client`) shows it, so a page read
 * without JavaScript shows no inputs that do nothing. `data-capacity` holds the
 * `capacity:` block as written, which the script edits and estimates again.
 */
export function whatIfForm(capacity: Record<string, unknown>, suffix: string): Element {
  const id = `${whatIfId}${suffix}`;
  const groups = whatIfGroups(capacity).map((group) =>
    h("fieldset.estimates-whatif-group", [
      h("legend", group.legend ?? "Inputs"),
      ...group.fields.map((field) => {
        const inputId = `${id}-${field.name.replace(/[._]/g, "-")}`;
        return h("div.estimates-whatif-field", [
          h("label", { htmlFor: inputId }, field.label),
          h("input", {
            type: "text",
            id: inputId,
            name: field.name,
            value: field.value,
            autocomplete: "off",
            spellCheck: false,
          }),
        ]);
      }),
    ]),
  );
  return h(
    "form.estimates-whatif",
    { id, hidden: true, ariaLabelledBy: `${id}-title`, dataCapacity: JSON.stringify(capacity) },
    [
      h("p.estimates-whatif-title", { id: `${id}-title` }, "What if?"),
      h(
        "p.estimates-whatif-hint",
        "Change an input (same syntax as the front matter) and the table and charts above and below are worked out again in your browser; the text of the writeup keeps its own figures.",
      ),
      ...groups,
      h("p.estimates-whatif-status", { role: "status" }),
      h("div.estimates-whatif-actions", [
        // Figures follow every keystroke; the button is there for Enter and for habit.
        h("button.estimates-whatif-apply", { type: "submit" }, "Work it out"),
        h("button.estimates-whatif-reset", { type: "reset" }, "Reset to the writeup’s values"),
      ]),
    ],
  );
}
