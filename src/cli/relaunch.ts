/**
 * V8's young generation, in MB per semi-space. A cold build keeps every page's
 * tree while it parses the next, and Node's default (16 MB) promotes each
 * page's short-lived Markdown and HTML trees to the old generation, which the
 * collector then sweeps again and again: a quarter of a cold build was garbage
 * collection. With 128 MB a cold build of 1,000 writeups took 12% less time
 * (17% without the build cache); 64 MB gained half that, 256 MB no more than
 * 128 for 200 MB more memory (README, `designpress build`).
 */
export const semiSpaceMb = 128;

const semiSpaceFlag = "--max-semi-space-size";

/** Set in the relaunched process: it is the one to build, not to relaunch again. */
const relaunchedVariable = "DESIGNPRESS_RELAUNCHED";

/** A stop the parent passes on, as the relaunched build's `process.on("message")` receives it. */
export interface RelayedStop {
  designpressStop: "SIGINT" | "SIGTERM";
}

export function isRelayedStop(message: unknown): message is RelayedStop {
  const stop = (message as Partial<RelayedStop> | null)?.designpressStop;
  return stop === "SIGINT" || stop === "SIGTERM";
}

/** Whether this process was relaunched by {@link relaunch}, and so hears its stops from its parent. */
export function isRelaunched(): boolean {
  return process.env[relaunchedVariable] === "1" && process.send !== undefined;
}

/**
 * Whether a cold build in this process should run in a relaunched Node with a
 * larger young generation: not when it already is one, nor when the user gave
 * Node the size themselves (on its command line or in `NODE_OPTIONS`), nor
 * under a debugger (`--inspect`), which would be attached to the wrong process.
 */
export function shouldRelaunch(): boolean {
  if (process.env[relaunchedVariable] === "1") return false;
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return !given.some(
    (option) => option.startsWith(semiSpaceFlag) || option.startsWith("--inspect"),
  );
}

/**
 * Run this command again in a child Node with {@link semiSpaceMb}, sharing
 * this terminal, and exit as it does. Ctrl-C reaches both processes: the child
 * leaves its own SIGINT to this one, which passes each SIGINT and SIGTERM on
 * over the IPC channel, so the child sees every stop once (a second one still
 * stops it at once). Should this process die, the channel closes and the child
 * stops as on SIGTERM. Resolves to the child's exit code (128 + the signal's
 * number when a signal killed it).
 */
export async function relaunch(args: readonly string[]): Promise<number> {
  // Loaded here: every command imports this module, and `check` must start fast.
  const { spawn } = await import("node:child_process");
  const { constants } = await import("node:os");
  const script = process.argv[1] ?? "";
  const child = spawn(
    process.execPath,
    [`${semiSpaceFlag}=${semiSpaceMb}`, ...process.execArgv, script, ...args],
    {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, [relaunchedVariable]: "1" },
    },
  );
  const relay = (signal: RelayedStop["designpressStop"]) => () => {
    if (!child.connected) return;
    const stop: RelayedStop = { designpressStop: signal };
    child.send(stop, () => undefined);
  };
  const relays = { SIGINT: relay("SIGINT"), SIGTERM: relay("SIGTERM") };
  for (const [signal, handler] of Object.entries(relays)) process.on(signal, handler);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      console.error(`designpress: cannot start Node again for the build (${error.message})`);
      resolve(70);
    });
    child.on("exit", (code, signal) => {
      for (const [name, handler] of Object.entries(relays)) process.off(name, handler);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
