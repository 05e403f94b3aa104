import type { VFile } from "vfile";
import type { VFileMessage } from "vfile-message";

export class ConfigError extends Error {
  /** The config file, carrying every problem as a message. */
  readonly file: VFile;
  constructor(file: VFile) {
    super(file.messages.map((problem) => String(problem)).join("\n"));
    this.name = "ConfigError";
    this.file = file;
  }

  get problems(): VFileMessage[] {
    return this.file.messages;
  }
}
