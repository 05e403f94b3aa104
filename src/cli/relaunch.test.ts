import { afterEach, describe, expect, it } from "vitest";
import { shouldRelaunch } from "./relaunch.js";

const execArgv = [...process.execArgv];
const { NODE_OPTIONS, DESIGNPRESS_RELAUNCHED } = process.env;

afterEach(() => {
  process.execArgv.splice(0, process.execArgv.length, ...execArgv);
  for (const [name, value] of Object.entries({ NODE_OPTIONS, DESIGNPRESS_RELAUNCHED })) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** `shouldRelaunch()` in a process started with `argv` and `env`. */
function relaunchesWith(argv: string[], env: Record<string, string> = {}): boolean {
  process.execArgv.splice(0, process.execArgv.length, ...argv);
  delete process.env.NODE_OPTIONS;
  delete process.env.DESIGNPRESS_RELAUNCHED;
  Object.assign(process.env, env);
  return shouldRelaunch();
}

describe("whether a cold build relaunches Node", () => {
  it("does in a plain Node, and with other options", () => {
    expect(relaunchesWith([])).toBe(true);
    expect(
      relaunchesWith(["--enable-source-maps"], { NODE_OPTIONS: "--max-old-space-size=4096" }),
    ).toBe(true);
  });

  it("does not when the young generation is given, under a debugger, or once relaunched", () => {
    expect(relaunchesWith(["--max-semi-space-size=32"])).toBe(false);
    expect(relaunchesWith([], { NODE_OPTIONS: "--trace-warnings --max-semi-space-size=32" })).toBe(
      false,
    );
    expect(relaunchesWith(["--inspect-brk=0"])).toBe(false);
    expect(relaunchesWith([], { DESIGNPRESS_RELAUNCHED: "1" })).toBe(false);
  });
});
