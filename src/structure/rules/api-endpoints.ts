import type { Table } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import { sectionText, stepName, stepNodes } from "../text.js";
import type { Rule } from "../types.js";

const httpMethod = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS";
// `POST /urls`, `GET https://host/path`, in prose, lists or code.
const methodAndPath = new RegExp(`\\b(?:${httpMethod})\\b[\\s\`*:]+(?:https?://[^\\s/\`]+)?/`);
const curlCall = /\bcurl\b[^\n]*https?:\/\//;
// Text that argues for another style than REST; then a call signature is an endpoint.
const otherStyle = /\b(?:g?rpc|graphql|soap|websockets?|thrift|protobuf)\b/i;
const callSignature = /\b[A-Za-z_][\w.]*\s*\([^)]*\)|\b(?:query|mutation|subscription)\s*[{\w]/;

export const apiEndpoints: Rule = {
  id: "nine-steps/api-endpoints",
  severity: "warning",
  description: "Step 4 with no endpoint",
  check({ byStep }) {
    const mine = byStep.get("apis") ?? [];
    const first = mine[0];
    if (!first) return [];
    const text = mine.map(sectionText).join("\n");
    const nodes = stepNodes(mine);
    const found =
      methodAndPath.test(text) ||
      curlCall.test(text) ||
      nodes.some((node) => node.type === "table" && tableHasEndpoint(node)) ||
      (otherStyle.test(text) && callSignature.test(text));
    if (found) return [];
    return [
      {
        reason: `Expected ${stepName(first.step)} to define at least one endpoint, found none; list each endpoint with its HTTP method and path (e.g. \`POST /api/v1/urls\`) in a code block, table or list`,
        place: first.heading.position,
      },
    ];
  },
};

// A table with the method in one column and the path in another.
function tableHasEndpoint(table: Table): boolean {
  const method = new RegExp(`^\`?(?:${httpMethod})\`?$`);
  return table.children.some((row) => {
    const cells = row.children.map((cell) => mdastToString(cell).trim());
    return (
      cells.some((cell) => method.test(cell)) &&
      cells.some((cell) => /^`?(?:https?:\/\/|\/)/.test(cell))
    );
  });
}
