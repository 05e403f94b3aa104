import { VFile } from "vfile";
import { VFileMessage } from "vfile-message";

/**
 * Characters that must not reach a terminal as they are: C0 controls but tab and
 * newline (ESC starts sequences that clear the screen, set the window title or
 * fake colours; CR rewrites the line), DEL, C1 controls (CSI and OSC in one
 * byte), and the bidirectional overrides and isolates, which reorder what is
 * shown ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const unprintable = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** `\x1b[2J` stays visible as the text `\x1b[2J`. */
export function escapeControls(text: string): string {
  return text.replace(unprintable, (character) => {
    const code = character.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * The same for JSON text, with JSON's own escapes (`\u001b`), which a JSON reader
 * turns back into the very same characters.
 */
export function escapeControlsInJson(json: string): string {
  return json.replace(
    unprintable,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * Copies of `files` whose paths and messages are safe to print, for
 * `vfile-reporter` (which adds colour codes of its own, so its output cannot be
 * escaped after the fact).
 */
export function escapeFiles(files: readonly VFile[]): VFile[] {
  return files.map((file) => {
    const copy = new VFile({ path: escapeControls(file.path), cwd: file.cwd });
    for (const message of file.messages) {
      const escaped = new VFileMessage(escapeControls(message.reason), {
        place: message.place ?? undefined,
        ruleId: message.ruleId ? escapeControls(message.ruleId) : undefined,
        source: message.source ? escapeControls(message.source) : undefined,
      });
      escaped.file = copy.path;
      escaped.fatal = message.fatal;
      if (message.note) escaped.note = escapeControls(message.note);
      if (message.url) escaped.url = escapeControls(message.url);
      // What a config module threw, kept only with DEBUG=designpress: its stack, escaped.
      if (message.cause instanceof Error) {
        escaped.cause = Object.assign(new Error(), {
          stack: escapeControls(String(message.cause.stack)),
        });
      }
      copy.messages.push(escaped);
    }
    return copy;
  });
}
