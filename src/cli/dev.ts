import { defaultPort, startDev } from "../dev/index.js";
import { parseCommand, wholeNumberOption } from "./args.js";

const help = `Usage: designpress dev [--port N] [--content DIR] [--base PATH] [--allow-host NAME]…

Build the site, serve it on 127.0.0.1, rebuild when a writeup, the theme or the
config changes, and reload the open page. Nothing is written to dist/.

Options:
  --port N        port to listen on; 0 picks a free one (default: ${defaultPort})
  --content DIR   folder of writeups (default: content)
  --base PATH     path the site is served under (default: config base or /)
  --allow-host NAME
                  also answer requests for this host name (repeatable; \`.example.test\`
                  allows every name under it); others than localhost, 127.0.0.1
                  and [::1] get 403, against DNS rebinding
  -h, --help      show this help`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand("dev", help, args, {
    port: { type: "string", short: "p" },
    content: { type: "string" },
    base: { type: "string" },
    "allow-host": { type: "string", multiple: true },
  });
  if ("exitCode" in parsed) return parsed.exitCode;
  const { values } = parsed;
  const chosenPort = wholeNumberOption("port", values.port, 0, 65535);
  if ("error" in chosenPort) {
    console.error(`designpress dev: ${chosenPort.error}`);
    return 2;
  }
  const port = chosenPort.value;

  let server: Awaited<ReturnType<typeof startDev>>;
  try {
    server = await startDev({
      port,
      contentDir: values.content,
      base: values.base,
      allowedHosts: values["allow-host"],
    });
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "EADDRINUSE"
        ? `port ${port ?? defaultPort} is in use; pass --port with another number (or 0 for any free port)`
        : (error as Error).message;
    console.error(`designpress dev: ${reason}`);
    return 1;
  }
  console.log(`designpress dev: serving ${server.url} (Ctrl-C to stop)`);

  // Ctrl-C (or a polite kill) stops watching, ends open pages' connections and exits.
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  console.log("designpress dev: stopped");
  return 0;
}
