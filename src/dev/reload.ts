import type { ServerResponse } from "node:http";

/** The server-sent events stream the served pages listen on. */
export const eventsPath = "/__designpress/events";

/**
 * Added to every HTML page `designpress dev` serves (never to the files in the
 * output folder): reload when the site was rebuilt. The browser's EventSource
 * reconnects by itself after the server restarts.
 */
export const reloadScript = `<script type="module">const events=new EventSource(${JSON.stringify(eventsPath)});events.addEventListener("reload",()=>location.reload());</script>`;

/** Put the reload script before `</body>` (or at the end of a page without one). */
export function injectReloadScript(html: string): string {
  const index = html.lastIndexOf("</body>");
  return index === -1
    ? html + reloadScript
    : `${html.slice(0, index)}${reloadScript}\n${html.slice(index)}`;
}

/** Everyone listening for reloads. */
export class ReloadHub {
  readonly #clients = new Set<ServerResponse>();

  /** Keep a response open as an event stream. */
  add(response: ServerResponse): void {
    response.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
    });
    // A comment first, so the browser opens the stream at once.
    response.write(": designpress dev\n\n");
    this.#clients.add(response);
    response.on("close", () => this.#clients.delete(response));
  }

  reload(): void {
    for (const client of this.#clients) client.write("event: reload\ndata: {}\n\n");
  }

  /** End every stream, so the server can close. */
  close(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}
