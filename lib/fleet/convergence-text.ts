/** How the console and the CLI word a deploy's convergence (lib/fleet/repo.ts `Convergence`). */
import type { Convergence } from "./repo";

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/** "served by all 3 gateways in 0.4 s", "served by 2 of 3 gateways after 5.0 s; behind: host:8080 (v6)", … */
export function describeConvergence(c: Convergence): string {
  if (c.state === "no_gateways") return "no live gateway to serve it yet";
  if (c.state === "converged") return c.live === 1 ? `served by the gateway in ${seconds(c.elapsedMs)}` : `served by all ${c.live} gateways in ${seconds(c.elapsedMs)}`;
  const behind = c.lagging
    .slice(0, 3)
    .map((g) => `${g.host}:${g.port} (${g.version === null ? "not served" : `v${g.version}`})`)
    .join(", ");
  const more = c.lagging.length > 3 ? ` and ${c.lagging.length - 3} more` : "";
  return `served by ${c.serving} of ${c.live} gateways after ${seconds(c.elapsedMs)}; behind: ${behind}${more}`;
}
