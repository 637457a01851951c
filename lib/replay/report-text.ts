/** A replay report as text, for people (the CLI prints it; `--json` prints the object). */
import { growth, LOAD_GROWTH_WARNING } from "./impact";
import type { ReplayReport } from "./schema";

const number = (n: number) => n.toLocaleString("en-US");
const percent = (share: number) => `${(share * 100).toFixed(share > 0 && share < 0.001 ? 3 : 1)} %`;
const rate = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
  return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("   ")}`.trimEnd());
}

export function reportText(report: ReplayReport, labels: { from: string; to: string }): string {
  const out: string[] = [];
  const { total, changed, window } = report;
  const span = window.start !== null && window.end !== null ? ` recorded ${window.start} → ${window.end}` : "";
  out.push(`Replayed ${number(total)} ${total === 1 ? "sample" : "samples"}${span} from ${labels.from} to ${labels.to}${report.complete ? "" : " (stopped at the time budget: the figures cover these samples only)"}.`);
  if (total === 0) {
    out.push("Nothing to compare: no samples.");
    return `${out.join("\n")}\n`;
  }
  out.push(`Route changes: ${number(changed)} of ${number(total)} (${percent(changed / total)}).`);
  const moves = report.matrix.filter((m) => m.from !== m.to);
  if (moves.length > 0) out.push(...table(moves.map((m) => [m.from, "→", m.to, number(m.count)])));

  out.push("", "Rule hits (before → after):");
  out.push(
    ...table(
      report.rules.map((r) => [
        r.rule,
        `${number(r.before)} → ${number(r.after)}`,
        r.before > 0 && r.after === 0 ? "stops getting hits" : r.before === 0 && r.after > 0 ? "starts getting hits" : "",
      ]),
    ),
  );

  out.push("", report.newErrors.length === 0 ? "New errors: none." : "New errors:");
  for (const e of report.newErrors) {
    out.push(`  ${e.code} (${e.status}): ${number(e.count)} ${e.count === 1 ? "request" : "requests"}, e.g.`);
    for (const example of e.examples.slice(0, 3)) out.push(`    ${JSON.stringify(example.request)}  (was ${example.before})`);
  }

  const sticky = report.stickyKeys;
  if (sticky.distinct > 0) {
    out.push("", `Sticky ${sticky.by === "slot" ? "keys (told apart by slot)" : "keys"}: ${number(sticky.changed)} of ${number(sticky.distinct)} distinct change route (${percent(sticky.changed / sticky.distinct)}).`);
  }

  if (report.projected.length > 0) {
    out.push("", "Projected requests per second (before → after):");
    out.push(
      ...table(
        report.projected.map((p) => {
          const g = growth(p.before, p.after);
          const note = g === null ? "new" : g === 0 ? "" : `${g > 0 ? "+" : ""}${(g * 100).toFixed(0)} %${g > LOAD_GROWTH_WARNING ? "  ← grows by more than 20 %" : ""}`;
          return [p.route, `${rate(p.before)} → ${rate(p.after)}`, note];
        }),
      ),
    );
  } else {
    out.push("", "No projected load: the samples span less than a second (or carry no time).");
  }

  if (report.uncertain.length > 0 || report.uncertainFrom.length > 0) {
    out.push("", "Not recorded (decisions that may differ for real requests):");
    for (const u of report.uncertain) out.push(`  ${u.source} ${u.key}, read by ${labels.to}: ${percent(u.share)} of samples (${number(u.samples)})`);
    for (const u of report.uncertainFrom) out.push(`  ${u.source} ${u.key}, read by ${labels.from}: ${percent(u.share)} of samples (${number(u.samples)})`);
  }
  return `${out.join("\n")}\n`;
}
