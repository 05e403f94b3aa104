import { isRelaunched, isRelayedStop } from "./relaunch.js";

/** What a stopped command exits with: 128 + the signal's number, as shells report it. */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

type StopSignal = keyof typeof exitCodes;

/**
 * Turn Ctrl-C and SIGTERM into an abort the build checks, so that it stops
 * promptly and cleans up after itself (browser, half-written output). A
 * second signal while it cleans up exits at once; the next build clears
 * what that leaves behind. In a build relaunched with a larger young
 * generation (`relaunch.ts`), the parent passes each stop on: the terminal's
 * own Ctrl-C is ignored here (the parent got it too), and a parent that dies
 * stops the build as SIGTERM would.
 */
export function stopOnSignals(): {
  signal: AbortSignal;
  /** The signal that stopped the command. */
  readonly received: StopSignal | undefined;
  exitCode(): number;
  dispose(): void;
} {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (received) process.exit(exitCodes[signal]);
    received = signal;
    controller.abort(new Error(`stopped by ${signal}`));
  };
  const relaunched = isRelaunched();
  const handlers: Record<string, (message?: unknown) => void> = {
    SIGINT: () => {
      if (!relaunched) onSignal("SIGINT");
    },
    SIGTERM: () => onSignal("SIGTERM"),
  };
  if (relaunched) {
    handlers.message = (message) => {
      if (isRelayedStop(message)) onSignal(message.designpressStop);
    };
    handlers.disconnect = () => onSignal("SIGTERM");
  }
  for (const [event, handler] of Object.entries(handlers)) process.on(event, handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode: () => {
      const code = received ? exitCodes[received] : 1;
      // Whatever the stopped work left running (a browser still closing) must not keep the process up.
      setTimeout(() => process.exit(code), 2000).unref();
      return code;
    },
    dispose: () => {
      for (const [event, handler] of Object.entries(handlers)) process.off(event, handler);
    },
  };
}
