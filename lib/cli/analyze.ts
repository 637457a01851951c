/** `turnout analyze router.json [--json]`: the analysis findings; exit 1 when any is an error. */
import { analyze } from "../analysis";
import type { Finding } from "../router/document";
import { readDocument } from "./document-file";
import { EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One block per finding: severity, code, path and message, then the rules involved and the witness. */
export function formatFindings(file: string, findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.length - errors;
  const lines: string[] = [];
  for (const finding of findings) {
    lines.push(`${finding.severity.padEnd(7)} ${finding.code} at ${finding.path || "(document)"}${finding.uncertain ? " (uncertain)" : ""}`);
    lines.push(`  ${finding.message}`);
    if (finding.rules && finding.rules.length > 0) lines.push(`  rules: ${finding.rules.join(", ")}`);
    if (finding.witness) lines.push(`  witness: ${JSON.stringify(finding.witness)}`);
  }
  const summary = findings.length === 0 ? `${file}: no findings` : `${file}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  return [...lines, summary].join("\n") + "\n";
}

export async function analyzeCommand(file: string, json: boolean, io: Io): Promise<number> {
  const { document } = await readDocument(file);
  const findings = analyze(document);
  await write(io.stdout, json ? `${JSON.stringify(findings, null, 2)}\n` : formatFindings(file, findings));
  return findings.some((f) => f.severity === "error") ? EXIT_FINDINGS : EXIT_OK;
}
