/**
 * The text of a mermaid diagram's nodes (ids and labels), without rendering it:
 * edge labels, message texts, notes, comments and styling are left out, so that
 * `A -->|writes to the database| B` does not count as a database node. The result
 * is lower-case words separated by spaces, with `camelCase`, `snake_case` and
 * `kebab-case` ids split into words (`ContainerDb` → `container db`), and a cylinder
 * node (`id[(label)]`) adds the word `database`.
 */
export function mermaidNodeText(source: string): string {
  const lines = source.split(/\r?\n/);
  const header =
    lines.find((line) => line.trim() !== "" && !line.trim().startsWith("%%"))?.trim() ?? "";
  const sequence = /^sequenceDiagram\b/.test(header);
  const kept: string[] = [];
  let headerSeen = false;

  for (const raw of lines) {
    let line = raw.trim();
    if (line === "" || line.startsWith("%%")) continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    if (/^(?:style|classDef|class|linkStyle|click|direction|accTitle|accDescr|title)\b/.test(line))
      continue;
    if (sequence) {
      if (
        /^(?:note|loop|alt|else|opt|par|and|rect|critical|break|end|autonumber|activate|deactivate)\b/i.test(
          line,
        )
      )
        continue;
      // `Client->>API: POST /urls`: the participants are nodes, the text after `:` is not.
      line = line.replace(/:.*$/, "");
    }
    line = line
      .replace(/\[\(/g, " database [(") // the cylinder shape `id[(label)]` draws a database
      .replace(/\|[^|]*\|/g, " ") // -->|label|
      .replace(/(--|==|-\.)\s+[^-=.>|]+?\s*(-->|==>|\.->|---|-\.-)/g, " $2 ") // -- label -->
      .replace(/:::\w+/g, " "); // class shorthand
    kept.push(line);
  }

  return kept
    .join("\n")
    .replace(/<[^>]+>/g, " ") // <br/> in labels
    .replace(/fa:fa-[\w-]+/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .toLowerCase()
    .trim();
}

/** A component the step-5 diagram should show, with the words that count as it. */
interface Component {
  name: string;
  /** A mermaid node that satisfies it, for messages. */
  example: string;
  pattern: RegExp;
}

// Matched against `mermaidNodeText`, so words are lower case and single-spaced.
const components: readonly Component[] = [
  {
    name: "a client",
    example: "C[Client]",
    pattern:
      /\b(?:clients?|browsers?|users?|customers?|mobile|web app|frontend|front end|spa|ios|android|desktop|person|actor|cli)\b/,
  },
  {
    name: "a web server",
    example: "S[Web server]",
    pattern:
      /\bapi\b|\bgateway\b|\bbackend\b|\bnginx\b|\bwebservers?\b|\b(?:web|app) tier\b|(?<!\b(?:database|db|cache|redis|file|media|storage|worker|workers|mail|dns|sql|key|id|counter|queue|search|blob|object) )\b(?:servers?|services?)\b/,
  },
  {
    name: "a database",
    example: "D[(Database)]",
    pattern:
      /\b(?:database|databases|db|dbs|sql|mysql|postgres|postgresql|nosql|rdbms|rds|aurora|cassandra|dynamo|dynamodb|mongo|mongodb|hbase|bigtable|spanner|cockroach|sqlite|datastore|data store|kv store|key value store|key value|store)\b/,
  },
  {
    name: "a worker",
    example: "W[Worker]",
    pattern:
      /\b(?:workers?|jobs?|consumers?|background|cron|scheduler|processors?|batch|tasks?|async|celery|sidekiq|daemon|pipeline)\b/,
  },
];

/** The components none of the diagrams' nodes name, in the order above. */
export function missingComponents(nodeText: string): Component[] {
  return components.filter((component) => !component.pattern.test(nodeText));
}
