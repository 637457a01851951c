/**
 * `turnout deploy ROUTER -m MSG [--revision N] [--wait]` and `turnout rollback ROUTER N`.
 * A deploy prints what changes from the active version, then deploys exactly the draft
 * revision it showed (or `--revision`): If-Match carries it, so a draft changed meanwhile
 * is refused (412) rather than deployed unseen. A draft already active is not deployed
 * again: nothing to do, exit 0, so a pipeline can deploy every router on each merge.
 */
import { ApiError } from "../api-client/request";
import { convergenceSchema } from "../fleet/schema";
import type { RouterDocument } from "../router/document";
import type { ProjectApi } from "./client";
import { indent, routerChanges } from "./diff-text";
import { CliFailure, EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";
import { storedForm, withoutSlots } from "./normalize";
import { render, type OutputFormat } from "./output";
import { describeApiError, exitCodeOf, revisionsOf } from "./problems";

const changesBetween = (from: RouterDocument | null, to: RouterDocument) =>
  from ? routerChanges(withoutSlots(storedForm(from)), withoutSlots(storedForm(to))) : [`+ router ${to.name}: first deploy`];

/**
 * The gateways' answer (`convergence`, sent by a server asked to wait) as a line, and
 * whether the version is served everywhere (a timeout is not).
 */
export function convergenceText(value: unknown, wait: boolean): { text: string; served: boolean } {
  const parsed = convergenceSchema.safeParse(value);
  if (!parsed.success) return { text: wait ? "this server does not report the gateways (it did not wait)\n" : "", served: true };
  const c = parsed.data;
  if (c.state === "no_gateways") return { text: "no live gateway to wait for\n", served: true };
  if (c.state === "converged") return { text: `all ${c.live} live gateways serve version ${c.version} (after ${c.elapsedMs} ms)\n`, served: true };
  const lagging = c.lagging.map((g) => `${g.host}:${g.port} (${g.version === null ? "no version" : `version ${g.version}`})`).join(", ");
  return { text: `after ${c.elapsedMs} ms, ${c.serving} of ${c.live} live gateways serve version ${c.version}; lagging: ${lagging}\n`, served: false };
}

export interface DeployOptions {
  readonly message: string;
  readonly revision?: number;
  readonly wait: boolean;
  readonly format: OutputFormat;
}

async function report(io: Io, format: OutputFormat, text: string, data: Record<string, unknown>): Promise<void> {
  await write(io.stdout, format === "table" ? text : render(data, format));
}

async function failure(io: Io, router: string, error: unknown): Promise<number> {
  if (!(error instanceof ApiError)) throw error;
  // 409 draft_changed: what the server analysed was edited before it could deploy it (a project audience the draft uses).
  if (error.status === 412 || (error.status === 409 && error.code === "draft_changed")) {
    const { expected, current } = revisionsOf(error);
    const revisions = expected !== undefined ? ` (you reviewed revision ${expected}, the draft is now at revision ${current ?? "?"})` : "";
    await write(io.stderr, `turnout: router ${router}: not deployed: the draft changed since it was reviewed${revisions}; review it again (turnout diff, turnout get router ${router})\n  ${error.detail}\n`);
    return EXIT_FINDINGS;
  }
  await write(io.stderr, `turnout: router ${router}: ${describeApiError(error)}\n`);
  return exitCodeOf(error);
}

/** `?wait=true` on a server that refuses unknown query parameters: deploy without waiting (nothing was done on a 400). */
async function postDeploy(api: ProjectApi, router: string, options: DeployOptions, revision: number, io: Io) {
  try {
    return await api.deploy(router, options.message, revision, options.wait);
  } catch (error) {
    if (!(options.wait && error instanceof ApiError && error.status === 400 && /wait/.test(JSON.stringify(error.body)))) throw error;
    await write(io.stderr, "turnout: this server cannot wait for the gateways: deploying without --wait\n");
    return api.deploy(router, options.message, revision, false);
  }
}

export async function deployCommand(api: ProjectApi, router: string, options: DeployOptions, io: Io): Promise<number> {
  try {
    const [config, summary] = await Promise.all([api.config(router), api.routerSummary(router)]);
    const revision = config.revision!;
    if (options.revision !== undefined && options.revision !== revision) {
      await write(io.stderr, `turnout: router ${router}: not deployed: the draft changed since it was reviewed (you reviewed revision ${options.revision}, the draft is now at revision ${revision}); review it again (turnout diff, turnout get router ${router})\n`);
      return EXIT_FINDINGS;
    }
    const active = summary.data.activeVersion;
    const activeDoc = active === null ? null : (await api.version(router, active)).data.document;
    const changes = changesBetween(activeDoc, config.data);
    const nothing = async (version: number | null) => {
      await report(io, options.format, `router ${router}: nothing to deploy: the draft (revision ${revision}) is what version ${version} serves\n`, { router, deployed: false, version, revision, changes: [] });
      return EXIT_OK;
    };
    if (active !== null && changes.length === 0) return nothing(active);

    if (options.format === "table") {
      await write(io.stdout, `router ${router}: deploying draft revision ${revision}${active === null ? "" : ` over version ${active}`}\n${indent(changes)}`);
    }
    let answer;
    try {
      answer = await postDeploy(api, router, options, revision, io);
    } catch (error) {
      // The server compares the draft with the active version under the router's lock: equal (a change undone, or a deploy that won a race) is nothing to do.
      if (error instanceof ApiError && error.status === 409 && error.code === "nothing_to_deploy") {
        const version = (error.body as { activeVersion?: unknown }).activeVersion;
        return nothing(typeof version === "number" ? version : active);
      }
      throw error;
    }
    const gateways = convergenceText((answer.data as { convergence?: unknown }).convergence, options.wait);
    await report(io, options.format, `deployed router ${router}: version ${answer.data.version} (draft revision ${revision}) is active\n${gateways.text}`, { router, deployed: true, ...answer.data, revision, changes });
    // The deploy stands either way; a pipeline that waited should still hear that some gateways lag.
    if (!gateways.served) await write(io.stderr, `turnout: router ${router}: version ${answer.data.version} is deployed, but not every gateway serves it yet\n`);
    return gateways.served ? EXIT_OK : EXIT_FINDINGS;
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    return failure(io, router, error);
  }
}

export async function rollbackCommand(api: ProjectApi, router: string, n: number, message: string | undefined, format: OutputFormat, io: Io): Promise<number> {
  try {
    const [summary, target] = await Promise.all([api.routerSummary(router), api.version(router, n)]);
    const active = summary.data.activeVersion;
    const activeDoc = active === null ? null : (await api.version(router, active)).data.document;
    const changes = changesBetween(activeDoc, target.data.document);
    const { data } = await api.rollback(router, n, message);
    const text =
      `rolled back router ${router}: version ${data.version} (the document and slot tables of version ${data.from}) is active` +
      `${active === null ? "" : `, replacing version ${active}`}; the draft is unchanged\n${indent(changes)}`;
    await report(io, format, text, { router, ...data, replaced: active, changes });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    return failure(io, router, error);
  }
}
