/** Wording shared by the findings: requests and numbers as a user reads them. */
import type { RoutingRequest } from "../router/document";

/** Hundredths of a percent, as written in a split: 10000 → "100", 9950 → "99.5". */
export function percent(hundredths: number): string {
  return String(hundredths / 100);
}

const MAX_PARTS = 6;

/** `header x-region = "eu" and payload user.tier = 3`: the fields a witness sets ("" for none). */
export function describeRequest(request: RoutingRequest): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) parts.push(`header ${name} = ${JSON.stringify(value)}`);
  for (const [name, value] of Object.entries(request.query ?? {})) parts.push(`query ${name} = ${JSON.stringify(Array.isArray(value) ? value[0] : value)}`);
  if (request.body !== undefined) leaves(request.body, "", parts);
  // Same request, same words, whatever order its keys were set in.
  parts.sort();
  if (parts.length === 0) return "";
  if (parts.length > MAX_PARTS) return `${parts.slice(0, MAX_PARTS).join(", ")}, …`;
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

function leaves(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`payload ${path} = []`);
    value.forEach((item, i) => leaves(item, path === "" ? `[${i}]` : `${path}.[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) out.push(path === "" ? "payload {}" : `payload ${path} = {}`);
    for (const [key, item] of entries) leaves(item, path === "" ? key : `${path}.${key}`, out);
  } else {
    out.push(`payload ${path === "" ? "(body)" : path} = ${JSON.stringify(value)}`);
  }
}

export function quoted(names: readonly string[]): string {
  const q = names.map((n) => `"${n}"`);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}
