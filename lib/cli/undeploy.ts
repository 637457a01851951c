/**
 * `turnout undeploy ROUTER ROUTE --mode proportional|even|manual [--replacement R]
 * [--weights route=w,…] [--weights rule:route=w,…] [--dry-run]`: removes a route from the
 * draft, redistributing its weight per rule, and prints each rule's split before and
 * after and the share of sticky keys that move — the numbers the API computes.
 */
import { ApiError } from "../api-client/request";
import { slugSchema } from "../router/document";
import { isUndeployMode, UNDEPLOY_MODES, type UndeployMode } from "../routers/undeploy";
import type { ProjectApi } from "./client";
import { CliError, CliFailure, EXIT_OK, write, type Io } from "./io";
import { render, splitText, table, type OutputFormat } from "./output";
import { describeApiError, exitCodeOf } from "./problems";

export type { UndeployMode };

export interface UndeployOptions {
  readonly mode: UndeployMode;
  readonly replacement?: string;
  /** `--weights` values as given. */
  readonly weights: readonly string[];
  readonly dryRun: boolean;
  readonly format: OutputFormat;
}

const MODES_TEXT = `${UNDEPLOY_MODES.slice(0, -1).join(", ")} or ${UNDEPLOY_MODES.at(-1)}`;

export function parseMode(text: string | undefined): UndeployMode {
  if (text === undefined) throw new CliError(`--mode is required: ${MODES_TEXT}`, true);
  if (isUndeployMode(text)) return text;
  throw new CliError(`--mode takes ${MODES_TEXT}, not "${text}"`, true);
}

type Weights = { all?: Record<string, number>; byRule: Record<string, Record<string, number>> };

/** `stable=60,canary=40` for every rule, or `ny-users:stable=60,canary=40` for one rule. */
export function parseWeights(values: readonly string[]): Weights {
  const out: Weights = { byRule: {} };
  for (const value of values) {
    const m = /^(?:([a-z0-9][a-z0-9-]{0,62}):)?(.+)$/s.exec(value.trim());
    const rule = m?.[1];
    const entries: Record<string, number> = {};
    for (const part of (m?.[2] ?? "").split(",")) {
      const [route, weight, extra] = part.split("=").map((s) => s.trim());
      if (!route || weight === undefined || extra !== undefined || !slugSchema.safeParse(route).success || !/^\d+(\.\d+)?$/.test(weight)) {
        throw new CliError(`--weights "${value}": write route=weight pairs separated by commas (stable=60,canary=40), optionally after rule: (ny-users:stable=60,canary=40)`, true);
      }
      if (route in entries) throw new CliError(`--weights "${value}": route ${route} is given twice`, true);
      entries[route] = Number(weight);
    }
    if (rule === undefined) {
      if (out.all) throw new CliError("--weights without a rule is given twice", true);
      out.all = entries;
    } else {
      if (out.byRule[rule]) throw new CliError(`--weights for rule ${rule} is given twice`, true);
      out.byRule[rule] = entries;
    }
  }
  return out;
}

export async function undeployCommand(api: ProjectApi, router: string, route: string, options: UndeployOptions, io: Io): Promise<number> {
  const weights = parseWeights(options.weights);
  if (options.mode !== "manual" && options.weights.length > 0) throw new CliError("--weights goes with --mode manual", true);
  if (options.mode === "manual" && options.weights.length === 0) throw new CliError("--mode manual needs --weights", true);
  try {
    let body: Record<string, Record<string, number>> | undefined;
    if (options.mode === "manual") {
      body = { ...weights.byRule };
      if (weights.all) {
        // The weights for every rule the route is in: each rule gets those of its remaining routes.
        const { data: document } = await api.config(router);
        for (const rule of [...document.rules.map((r) => ({ name: r.name, split: r.split })), ...(document.defaultRule ? [{ name: "default", split: document.defaultRule.split }] : [])]) {
          if (body[rule.name] || !rule.split.some((s) => s.route === route)) continue;
          const rest = rule.split.filter((s) => s.route !== route).map((s) => s.route);
          body[rule.name] = Object.fromEntries(Object.entries(weights.all).filter(([r]) => rest.includes(r)));
        }
      }
    }
    const { data } = await api.undeploy(router, route, {
      mode: options.mode,
      ...(options.replacement ? { replacement: options.replacement } : {}),
      ...(body ? { weights: body } : {}),
      dryRun: options.dryRun,
    });
    if (options.format !== "table") {
      await write(io.stdout, render(data, options.format));
      return EXIT_OK;
    }
    const head = data.dryRun
      ? `undeploy route ${route} from router ${router} (dry run: nothing changed):\n`
      : `undeployed route ${route} from router ${router}: the draft is now revision ${data.revision}; deploy it to serve the change (turnout deploy ${router} -m …)\n`;
    const rows = table(data.rules, [
      { header: "RULE", value: (r) => r.rule },
      { header: "STRATEGY", value: (r) => r.strategy },
      { header: "BEFORE", value: (r) => splitText(r.before) },
      { header: "AFTER", value: (r) => `${splitText(r.after)}${r.replaced ? " (replacement)" : ""}` },
      { header: "SHADOWS BEFORE", value: (r) => r.shadowsBefore.map((s) => `${s.route} ${s.percent} %`).join(", ") },
      { header: "SHADOWS AFTER", value: (r) => r.shadowsAfter.map((s) => `${s.route} ${s.percent} %`).join(", ") },
      { header: "STICKY KEYS MOVED", value: (r) => (r.strategy === "sticky" ? `${(r.stickyMoved * 100).toFixed(2)} %` : null), align: "right" },
    ]);
    await write(io.stdout, `${head}${data.rules.length ? rows : "  no rule sends it traffic or shadows\n"}`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof ApiError) || error instanceof CliFailure) throw error;
    await write(io.stderr, `turnout: router ${router}: ${describeApiError(error)}\n`);
    return exitCodeOf(error);
  }
}
