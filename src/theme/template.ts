/**
 * A theme template is plain HTML with slots: `{{name}}` is replaced by escaped
 * text, `{{{name}}}` by HTML the build made. Nothing else is interpreted, so a
 * template can be edited without knowing any template language.
 */
type TemplateValues = Record<string, string | undefined>;

export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly slot: string,
  ) {
    super(
      slot.startsWith("assets/")
        ? `Expected an asset for the slot \`${slot}\` in the theme template \`${template}\`, found no file \`${slot}\` in the theme or the default theme; add the file or fix the name`
        : `Unknown slot \`${slot}\` in the theme template \`${template}\`; use one of the slots listed in the README's theme section`,
    );
    this.name = "TemplateError";
  }
}

// Names may hold `/`, `.` and `-`: asset slots are paths (`{{assets/style.css}}`).
const slotPattern = /\{\{\{\s*([\w./-]+)\s*\}\}\}|\{\{\s*([\w./-]+)\s*\}\}/g;

export function fillTemplate(
  templateName: string,
  template: string,
  values: TemplateValues,
): string {
  return template.replace(
    slotPattern,
    (_, rawSlot: string | undefined, textSlot: string | undefined) => {
      const slot = rawSlot ?? textSlot ?? "";
      if (!(slot in values)) throw new TemplateError(templateName, slot);
      const value = values[slot] ?? "";
      return rawSlot ? value : escapeHtml(value);
    },
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** The names of the slots a template uses, in order of first use. */
export function slotsOf(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(slotPattern)) names.add(match[1] ?? match[2] ?? "");
  return [...names];
}
