import type { EvaluationView, RolloutDetail } from "@/lib/rollouts/schema";

type Series = { label: string; className: string; values: (number | null)[] };

const W = 320;
const H = 120;
const PAD = 4;

/** A small line chart of evaluations over time: one line per series, the threshold dashed. */
function LineChart({ title, unit, series, threshold }: { title: string; unit: string; series: Series[]; threshold: number | null }) {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(threshold ?? 0, ...all, 0) * 1.15 || 1;
  const n = Math.max(...series.map((s) => s.values.length), 1);
  const x = (i: number) => PAD + (n === 1 ? (W - 2 * PAD) / 2 : (i / (n - 1)) * (W - 2 * PAD));
  const y = (v: number) => H - PAD - (v / max) * (H - 2 * PAD);
  const last = (s: Series) => [...s.values].reverse().find((v) => v !== null) ?? null;
  return (
    <figure className="flex flex-col gap-1 rounded-lg border p-3" data-testid="gate-chart">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-xs text-muted-foreground">
          {series.map((s) => `${s.label} ${last(s) ?? "—"}${unit}`).join(" · ")}
          {threshold !== null ? ` · limit ${threshold}${unit}` : ""}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-28 w-full" role="img" aria-label={`${title} per evaluation`}>
        {threshold !== null ? <line x1={PAD} x2={W - PAD} y1={y(threshold)} y2={y(threshold)} className="stroke-destructive" strokeDasharray="4 3" /> : null}
        {series.map((s) => {
          const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter(Boolean);
          return points.length > 0 ? <polyline key={s.label} points={points.join(" ")} fill="none" strokeWidth={2} className={s.className} /> : null;
        })}
      </svg>
    </figure>
  );
}

const gate = (e: EvaluationView, name: string) => e.gates.find((g) => g.gate === name);

/** Each gate's value against its threshold over the evaluations: baseline and canary side by side. */
export function GateCharts({ rollout }: { rollout: RolloutDetail }) {
  const evaluations = rollout.evaluations;
  const gates = rollout.spec.gates;
  const baseline = (f: (e: EvaluationView) => number | null | undefined) => evaluations.map((e) => f(e) ?? null);
  return (
    <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
      <LineChart
        title="Error rate"
        unit=" %"
        threshold={gates.maxErrorRate}
        series={[
          { label: rollout.baseline, className: "stroke-muted-foreground", values: baseline((e) => e.baseline?.errorRate) },
          { label: rollout.canary, className: "stroke-primary", values: baseline((e) => e.canary?.errorRate) },
        ]}
      />
      <LineChart
        title="p95 latency"
        unit=" ms"
        threshold={null}
        series={[
          { label: rollout.baseline, className: "stroke-muted-foreground", values: baseline((e) => e.baseline?.p95Ms) },
          { label: rollout.canary, className: "stroke-primary", values: baseline((e) => e.canary?.p95Ms) },
        ]}
      />
      <LineChart title="p95 ratio (canary / baseline)" unit="×" threshold={gates.maxP95Ratio} series={[{ label: "ratio", className: "stroke-primary", values: baseline((e) => gate(e, "p95Ratio")?.value) }]} />
      {rollout.spec.shadow ? (
        <LineChart title="Shadow agreement" unit=" %" threshold={rollout.spec.shadow.minAgreement} series={[{ label: "agreeing", className: "stroke-primary", values: baseline((e) => e.shadow?.agreement) }]} />
      ) : (
        <LineChart
          title="Requests per evaluation"
          unit=""
          threshold={gates.minRequests}
          series={[
            { label: rollout.baseline, className: "stroke-muted-foreground", values: baseline((e) => e.baseline?.requests) },
            { label: rollout.canary, className: "stroke-primary", values: baseline((e) => e.canary?.requests) },
          ]}
        />
      )}
    </div>
  );
}
