/**
 * `turnout apply -f FILE…`: makes the project's drafts and audiences what the files say.
 * Every document is checked first (nothing is sent unless all are valid); then audiences,
 * then routers: a new one is created, an existing one's draft replaced with If-Match —
 * the revision the file records, else the one read just before (`--force`: always the
 * latest) — after printing what changes. A document identical to what the server holds
 * is not written (no new revision). `--dry-run` only prints.
 */
import { analyze } from "../analysis";
import { ApiError } from "../api-client/request";
import type { Audience, Finding, RouterDocument } from "../router/document";
import { formatFindings, withAudiences } from "./analyze";
import { orNull, type ProjectApi } from "./client";
import { audienceChanges, indent, routerChanges } from "./diff-text";
import { labelOf, type AudienceFile, type ResourceFile, type RouterFile } from "./documents";
import { EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";
import { sameAudience, sameDocument, storedForm, withImplicitDefault } from "./normalize";
import { render, type OutputFormat } from "./output";
import { describeApiError, exitCodeOf, revisionsOf } from "./problems";

export interface ApplyOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly format: OutputFormat;
}

export type Action = "created" | "updated" | "unchanged" | "conflict" | "failed";

/** One document's outcome; `-o json|yaml` prints the list of them. */
export interface ApplyResult {
  kind: "router" | "audience";
  name: string;
  file: string;
  action: Action;
  dryRun: boolean;
  /** The revision after the write (before it, on a dry run or a conflict). */
  revision?: number;
  changes: string[];
  findings?: Finding[];
  error?: string;
  exitCode: number;
}

/** The project's audiences, read once and only when a router names one it does not define. */
class KnownAudiences {
  private project: Map<string, Audience> | null = null;

  constructor(
    private readonly api: ProjectApi,
    private readonly applied: ReadonlyMap<string, Audience>,
  ) {}

  async for(document: RouterDocument): Promise<Map<string, Audience>> {
    const named = document.rules.map((r) => r.audience).filter((a): a is string => !!a);
    if (named.some((a) => !this.applied.has(a)) && this.project === null) {
      this.project = new Map((await this.api.audiences()).map((a) => [a.name, { name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions }]));
    }
    // What is being applied alongside wins: it is what the project will hold when this router is written.
    return new Map([...(this.project ?? new Map<string, Audience>()), ...this.applied]);
  }
}

function conflict(result: ApplyResult, what: string, file: number | undefined, current: number | undefined, fix: string): ApplyResult {
  return {
    ...result,
    action: "conflict",
    revision: current,
    error: `${what} changed since the file was read: the file has revision ${file ?? "(none)"}, the server is at revision ${current ?? "(gone)"}; ${fix}`,
    exitCode: EXIT_FINDINGS,
  };
}

function failed(result: ApplyResult, error: unknown): ApplyResult {
  if (!(error instanceof ApiError)) throw error;
  if (error.status === 412) {
    const { expected, current } = revisionsOf(error);
    return {
      ...result,
      action: "conflict",
      revision: current,
      error: `${result.kind} ${result.name} changed while this applied: it was read at revision ${expected ?? "?"}, the server is now at revision ${current ?? "?"}; review the change (turnout diff) and apply again, or --force\n${error.detail} (HTTP 412)`,
      exitCode: EXIT_FINDINGS,
    };
  }
  return { ...result, action: "failed", error: describeApiError(error), exitCode: exitCodeOf(error) };
}

/** A draft may hold errors (the console saves them too), but they block its deploy: exit 1. */
function withFindings(result: ApplyResult, findings: Finding[]): ApplyResult {
  return { ...result, findings, exitCode: findings.some((f) => f.severity === "error") ? EXIT_FINDINGS : result.exitCode };
}

async function applyRouter(api: ProjectApi, file: RouterFile, known: KnownAudiences, options: ApplyOptions): Promise<ApplyResult> {
  const name = file.document.name;
  const result: ApplyResult = { kind: "router", name, file: labelOf(file.doc), action: "unchanged", dryRun: options.dryRun, changes: [], exitCode: EXIT_OK };
  try {
    const document = withImplicitDefault(file.document);
    const audiences = await known.for(document);
    const desired = storedForm(document, audiences);
    const current = await orNull(api.config(name));
    if (!current) {
      if (file.revision !== undefined && !options.force) {
        return { ...result, action: "conflict", error: `router ${name} does not exist (the file was read at revision ${file.revision}: was it deleted?); apply --force to create it`, exitCode: EXIT_FINDINGS };
      }
      const changes = [`+ router ${name}: ${desired.routes.length} routes, ${desired.rules.length} rules`];
      if (options.dryRun) return withFindings({ ...result, action: "created", changes }, analyze(withAudiences(desired, audiences)));
      const created = await api.createRouter(file.document);
      return withFindings({ ...result, action: "created", revision: created.revision ?? created.data.revision, changes }, (await api.analysis(name)).data.findings);
    }
    const draft = storedForm(current.data);
    const revision = current.revision!;
    if (sameDocument(desired, draft)) return { ...result, revision };
    const expected = options.force ? revision : (file.revision ?? revision);
    const changes = routerChanges(draft, desired);
    if (expected !== revision) {
      return { ...conflict(result, `router ${name}`, file.revision, revision, "review what changed (turnout diff), then apply again with the new revision, or --force to overwrite it"), changes };
    }
    if (options.dryRun) return withFindings({ ...result, action: "updated", revision, changes }, analyze(withAudiences(desired, audiences)));
    const saved = await api.replaceConfig(document, expected);
    return withFindings({ ...result, action: "updated", revision: saved.revision ?? undefined, changes }, (await api.analysis(name)).data.findings);
  } catch (error) {
    return failed(result, error);
  }
}

async function applyAudience(api: ProjectApi, file: AudienceFile, options: ApplyOptions): Promise<ApplyResult> {
  const { audience } = file;
  const result: ApplyResult = { kind: "audience", name: audience.name, file: labelOf(file.doc), action: "unchanged", dryRun: options.dryRun, changes: [], exitCode: EXIT_OK };
  try {
    const current = await orNull(api.audience(audience.name));
    if (!current) {
      if (file.revision !== undefined && !options.force) {
        return { ...result, action: "conflict", error: `audience ${audience.name} does not exist (the file was read at revision ${file.revision}: was it deleted?); apply --force to create it`, exitCode: EXIT_FINDINGS };
      }
      const changes = [`+ audience ${audience.name}`];
      if (options.dryRun) return { ...result, action: "created", changes };
      const created = await api.createAudience(audience);
      return { ...result, action: "created", revision: created.data.revision, changes };
    }
    const revision = current.data.revision;
    if (sameAudience(audience, current.data)) return { ...result, revision };
    const changes = audienceChanges(current.data, audience).map((c) => `~ ${c}`);
    const users = current.data.usedBy.map((u) => `${u.router}/${u.rule}`);
    if (users.length) changes.push(`  used by ${users.join(", ")}: their drafts change with it`);
    const expected = options.force ? revision : (file.revision ?? revision);
    if (expected !== revision) return { ...conflict(result, `audience ${audience.name}`, file.revision, revision, "review it (turnout get audience) and apply again, or --force"), changes };
    if (options.dryRun) return { ...result, action: "updated", revision, changes };
    const saved = await api.updateAudience(audience, expected);
    return { ...result, action: "updated", revision: saved.data.revision, changes };
  } catch (error) {
    return failed(result, error);
  }
}

const VERBS: Record<Action, [string, string]> = {
  created: ["created", "would be created"],
  updated: ["updated", "would be updated"],
  unchanged: ["unchanged", "unchanged"],
  conflict: ["not applied: conflict", "would conflict"],
  failed: ["not applied", "not applied"],
};

function describe(r: ApplyResult): string {
  const verb = VERBS[r.action][r.dryRun ? 1 : 0];
  const at = r.revision === undefined ? "" : r.action === "updated" && !r.dryRun ? ` (now revision ${r.revision})` : ` (revision ${r.revision})`;
  let text = `${r.kind} ${r.name}: ${verb}${at}${r.dryRun && r.action !== "unchanged" ? " [dry run]" : ""}\n`;
  text += indent(r.changes);
  if (r.error) text += indent(r.error.split("\n"));
  if (r.findings) text += indent(formatFindings(`findings of router ${r.name}${r.dryRun ? " as it would be" : ""}`, r.findings).trimEnd().split("\n"));
  return text;
}

/** `resources`: read with `readResources(…, { forWrite: true, unique: true })`, so all of them are valid. */
export async function applyCommand(api: ProjectApi, resources: readonly ResourceFile[], options: ApplyOptions, io: Io): Promise<number> {
  const audiences = resources.filter((r): r is AudienceFile => r.kind === "audience");
  const routers = resources.filter((r): r is RouterFile => r.kind === "router");
  const known = new KnownAudiences(api, new Map(audiences.map((a) => [a.audience.name, a.audience])));

  const results: ApplyResult[] = [];
  // Audiences first: the routers may name them.
  for (const a of audiences) {
    results.push(await applyAudience(api, a, options));
    if (options.format === "table") await write(io.stdout, describe(results.at(-1)!));
  }
  for (const r of routers) {
    results.push(await applyRouter(api, r, known, options));
    if (options.format === "table") await write(io.stdout, describe(results.at(-1)!));
  }
  if (options.format !== "table") {
    await write(io.stdout, render(results.map(({ exitCode: _e, ...r }) => r), options.format));
  }
  return Math.max(EXIT_OK, ...results.map((r) => r.exitCode));
}
