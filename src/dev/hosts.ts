/** Host names the preview always answers: this machine, by name or loopback address. */
export const localHosts: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Whether a request's `Host` header names a host the preview may answer:
 * `localhost`, `127.0.0.1`, `[::1]`, or one the user allowed (`--allow-host`;
 * `.example.test` allows every name under `example.test`). Any port. A page
 * on another site that rebinds its own name to 127.0.0.1 (DNS rebinding)
 * still sends its own name, and is refused.
 */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (!header) return false;
  const host = header.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
  return [...localHosts, ...allowed].some((name) => {
    const candidate = name.toLowerCase();
    return candidate.startsWith(".")
      ? host.endsWith(candidate) || host === candidate.slice(1)
      : host === candidate;
  });
}
