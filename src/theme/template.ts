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
      `Unknown slot \`${slot}\` in the theme template \`${template}\`; use one of the slots listed in the README's theme section`,
    );
    this.name = "TemplateError";
  }
}

const slotPattern = /\{\{\{\s*([\w.]+)\s*\}\}\}|\{\{\s*([\w.]+)\s*\}\}/g;

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
