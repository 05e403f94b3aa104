import { setTimeout as sleep } from "node:timers/promises";
import { expect, it } from "vitest";
import type { OutputFolder } from "./types.js";
import { writeEach } from "./write-each.js";

it("writes every file, and throws a failed write's error only once every write started has ended", async () => {
  const ended: string[] = [];
  const out: OutputFolder = {
    dir: "/nowhere",
    async write(relative) {
      if (relative === "f3") throw new Error("ENOSPC");
      await sleep(5);
      ended.push(relative);
    },
    copy: async () => undefined,
  };
  const ok = Array.from({ length: 70 }, (_, index) => ({ path: `a${index}`, data: "" }));
  await writeEach(out, ok);
  expect(ended.sort()).toEqual(ok.map((file) => file.path).sort());

  ended.length = 0;
  const files = ["f1", "f2", "f3", "f4"].map((path) => ({ path, data: "" }));
  await expect(writeEach(out, files)).rejects.toThrow("ENOSPC");
  // The others of its batch were written before the error came out.
  expect(ended.sort()).toEqual(["f1", "f2", "f4"]);
});
