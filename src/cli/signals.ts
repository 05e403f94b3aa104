/** What a stopped command exits with: 128 + the signal's number, as shells report it. */
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

type StopSignal = keyof typeof exitCodes;

/**
 * Turn Ctrl-C and SIGTERM into an abort the build checks, so that it stops
 * promptly and cleans up after itself (browser, half-written output). A
 * second signal while it cleans up exits at once; the next build clears
 * what that leaves behind.
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
  const handlers = Object.fromEntries(
    (Object.keys(exitCodes) as StopSignal[]).map((signal) => [signal, () => onSignal(signal)]),
  ) as Record<StopSignal, () => void>;
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
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
      for (const [signal, handler] of Object.entries(handlers)) process.off(signal, handler);
    },
  };
}
