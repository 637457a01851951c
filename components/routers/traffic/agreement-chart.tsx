"use client";

import type { AgreementPoint } from "./agreement-history";

const WIDTH = 240;
const HEIGHT = 48;
const pct = (n: number) => `${(n * 100).toFixed(n === 1 || n === 0 ? 0 : 1)} %`;

/**
 * Agreement per polling interval since the tab was opened: a line from 0 % (bottom) to
 * 100 % (top), broken where an interval compared nothing.
 */
export function AgreementChart({ points, label }: { points: readonly AgreementPoint[]; label: string }) {
  const measured = points.filter((p) => p.agreement !== null);
  if (points.length < 1 || measured.length === 0) {
    return <p className="text-xs text-muted-foreground">Agreement over time appears after the next comparisons (the tab polls every 5 s).</p>;
  }
  const first = points[0]!.at;
  const span = Math.max(1, points[points.length - 1]!.at - first);
  const x = (at: number) => (points.length === 1 ? WIDTH : ((at - first) / span) * WIDTH);
  const y = (a: number) => HEIGHT - 2 - a * (HEIGHT - 4);
  const segments: string[] = [];
  let current: string[] = [];
  for (const p of points) {
    if (p.agreement === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${x(p.at).toFixed(1)},${y(p.agreement).toFixed(1)}`);
  }
  if (current.length) segments.push(current.join(" "));
  const latest = measured[measured.length - 1]!;
  const lowest = Math.min(...measured.map((p) => p.agreement!));
  const summary = `${label}: ${pct(latest.agreement!)} in the last interval, lowest ${pct(lowest)} over ${points.length} intervals`;
  return (
    <figure className="flex items-center gap-3" data-testid="agreement-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={summary} className="overflow-visible rounded border bg-background">
        <line x1={0} x2={WIDTH} y1={y(1)} y2={y(1)} className="stroke-muted-foreground/30" strokeDasharray="2 3" />
        {segments.map((s, i) =>
          s.includes(" ") ? (
            <polyline key={i} points={s} fill="none" className="stroke-primary" strokeWidth={1.5} />
          ) : (
            <circle key={i} cx={Number(s.split(",")[0])} cy={Number(s.split(",")[1])} r={1.5} className="fill-primary" />
          ),
        )}
      </svg>
      <figcaption className="text-xs text-muted-foreground">
        {pct(latest.agreement!)} now
        <br />
        lowest {pct(lowest)}
      </figcaption>
    </figure>
  );
}
