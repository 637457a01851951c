/**
 * `turnout analyze FILE...`: the analysis findings of every router document in the files
 * (JSON or YAML, several per stream, directories); exit 1 when any is an error. Audience
 * documents among them stand in for the project audiences a router names without copying,
 * as the server fills those in when the router is applied.
 */
import { analyze } from "../analysis";
import type { Audience, Finding, RouterDocument } from "../router/document";
import { labelOf, readResources } from "./documents";
import { EXIT_FINDINGS, EXIT_OK, plural, write, type Io } from "./io";
import { render, type OutputFormat } from "./output";

/** One block per finding: severity, code, path and message, then the rules involved and the witness. */
export function formatFindings(label: string, findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const lines: string[] = [];
  for (const finding of findings) {
    lines.push(`${finding.severity.padEnd(7)} ${finding.code} at ${finding.path || "(document)"}${finding.uncertain ? " (uncertain)" : ""}`);
    lines.push(`  ${finding.message}`);
    if (finding.rules && finding.rules.length > 0) lines.push(`  rules: ${finding.rules.join(", ")}`);
    if (finding.witness) lines.push(`  witness: ${JSON.stringify(finding.witness)}`);
  }
  const summary = findings.length === 0 ? `${label}: no findings` : `${label}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  return [...lines, summary].join("\n") + "\n";
}

/** The router with the audiences its rules name but do not define, taken from `known`. */
export function withAudiences(document: RouterDocument, known: ReadonlyMap<string, Audience>): RouterDocument {
  const defined = new Set(document.audiences.map((a) => a.name));
  const missing = [...new Set(document.rules.map((r) => r.audience).filter((a): a is string => !!a && !defined.has(a) && known.has(a)))];
  if (missing.length === 0) return document;
  return { ...document, audiences: [...document.audiences, ...missing.map((name) => known.get(name)!)].sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function analyzeCommand(files: readonly string[], format: OutputFormat, io: Io): Promise<number> {
  const resources = await readResources(files, io);
  const audiences = new Map<string, Audience>();
  for (const r of resources) if (r.kind === "audience") audiences.set(r.audience.name, r.audience);

  let failed = false;
  let text = "";
  const all: (Finding & { file: string; router: string })[] = [];
  for (const r of resources) {
    if (r.kind !== "router") continue;
    const findings = analyze(withAudiences(r.document, audiences));
    if (findings.some((f) => f.severity === "error")) failed = true;
    text += formatFindings(labelOf(r.doc), findings);
    all.push(...findings.map((f) => ({ ...f, file: r.doc.source.file, router: r.document.name })));
  }
  if (!resources.some((r) => r.kind === "router")) text = `no router documents (${plural(audiences.size, "valid audience")})\n`;
  await write(io.stdout, format === "table" ? text : render(all, format));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}
