import { buildDemo, serveSite } from "../test/site/demo.js";

/** The demo portfolio built into a temporary project and served on 127.0.0.1. */
export async function serveDemo(): Promise<{
  origin: string;
  writeup: string;
  close: () => Promise<void>;
}> {
  const demo = await buildDemo("/");
  const site = await serveSite(demo.outDir, "/");
  return {
    origin: site.origin,
    writeup: "/url-shortener/",
    close: async () => {
      await site.close();
      await demo.cleanup();
    },
  };
}
