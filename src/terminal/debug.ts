/** Whether `DEBUG` names designpress (`DEBUG=designpress`, or `*`): stack traces are then shown. */
export function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DEBUG ?? "").split(/[\s,]+/).some((name) => name === "designpress" || name === "*");
}
