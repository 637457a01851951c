/**
 * `turnout get projects | routers | router NAME | audiences | audience NAME | versions ROUTER
 * | version ROUTER N [-o table|json|yaml]`. Routers and audiences print, with `-o yaml` or
 * `-o json`, as the documents `apply` takes back (with their `kind` and `revision`); lists
 * and versions as the API answers them.
 */
import type { z } from "zod";
import type { Audience, RouterDocument } from "../router/document";
import type { audienceResponseSchema, routerSummarySchema } from "../routers/schema";
import { positiveInt } from "./args";
import type { ProjectApi } from "./client";
import { conditionsText } from "./diff-text";
import { CliError, EXIT_OK, plural, write, type Io } from "./io";
import { render, shortDate, splitText, table, toYaml, toYamlStream, type OutputFormat } from "./output";

type AudienceView = z.infer<typeof audienceResponseSchema>;
type RouterSummary = z.infer<typeof routerSummarySchema>;

/** What `get router -o yaml` writes and `apply` reads: the draft with its kind and revision first. */
export function routerManifest(document: RouterDocument, revision: number | null) {
  return { kind: "router" as const, ...(revision === null ? {} : { revision }), ...document };
}

export function audienceManifest(a: AudienceView | Audience, revision?: number) {
  return { kind: "audience" as const, ...(revision === undefined ? {} : { revision }), name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions };
}

function routerComment(project: string, document: RouterDocument, revision: number | null, summary: RouterSummary | null): string {
  const active = summary?.activeVersion
    ? `version ${summary.activeVersion} is active${summary.undeployedChanges ? " and the draft differs from it" : " and the draft is the same"}`
    : "nothing is deployed yet";
  return [
    `Router ${document.name} of project ${project}: the draft at revision ${revision} (${active}).`,
    `\`turnout apply -f\` this file to replace the draft; it refuses when the draft changed after`,
    `revision ${revision}: delete the revision line to apply over any change.`,
  ].join("\n");
}

function settingsText(s: RouterDocument["settings"]): string {
  const keys = s.keySources.map((k) => `${k.source} ${k.key}`).join(", ") || "(none)";
  return `sticky key ${keys}; without a key: ${s.missingKey}; strict: ${s.strict ? "yes" : "no"}; pinning: ${s.allowPin ? "yes" : "no"}${s.seed ? `; seed ${s.seed}` : ""}`;
}

/** Routes, then rules in priority order with the default rule last. */
export function documentTables(document: RouterDocument): string {
  const routes = table(document.routes, [
    { header: "ROUTE", value: (r) => r.name },
    { header: "URL", value: (r) => r.url },
    { header: "TIMEOUT", value: (r) => `${r.timeoutMs} ms` },
  ]);
  const rules = [
    ...document.rules.map((r, i) => ({ at: String(i), name: r.name, audience: r.audience ?? null, conditions: r.conditions, body: r })),
    ...(document.defaultRule ? [{ at: "", name: "default", audience: null, conditions: [], body: document.defaultRule }] : []),
  ];
  const ruleTable = table(rules, [
    { header: "#", value: (r) => r.at, align: "right" },
    { header: "RULE", value: (r) => r.name },
    { header: "AUDIENCE", value: (r) => r.audience },
    { header: "CONDITIONS", value: (r) => (r.conditions.length ? conditionsText(r.conditions) : null) },
    { header: "STRATEGY", value: (r) => r.body.strategy },
    { header: "SPLIT", value: (r) => splitText(r.body.split) },
    { header: "SHADOWS", value: (r) => r.body.shadows.map((s) => `${s.route} ${s.percent} %`).join(", ") },
  ]);
  return `${routes}\n${ruleTable}`;
}

function fields(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}\n`).join("");
}

async function getRouter(api: ProjectApi, name: string, format: OutputFormat, io: Io): Promise<void> {
  const [config, summary] = await Promise.all([api.config(name), api.routerSummary(name)]);
  const document = config.data;
  if (format === "json") return write(io.stdout, render(routerManifest(document, config.revision), "json"));
  if (format === "yaml") return write(io.stdout, toYaml(routerManifest(document, config.revision), routerComment(api.project, document, config.revision, summary.data)));
  const s = summary.data;
  const head = fields([
    ["router", document.name],
    ["project", api.project],
    ...(document.description ? [["description", document.description] as [string, string]] : []),
    ["draft", `revision ${config.revision}`],
    ["active", s.activeVersion ? `version ${s.activeVersion}${s.undeployedChanges ? " (the draft has undeployed changes)" : " (same as the draft)"}` : "nothing deployed"],
    ["findings", `${plural(s.findings.errors, "error")}, ${plural(s.findings.warnings, "warning")}`],
    ["settings", settingsText(document.settings)],
    ["updated", shortDate(s.updatedAt)],
  ]);
  await write(io.stdout, `${head}\n${documentTables(document)}`);
}

async function getVersion(api: ProjectApi, router: string, n: number, format: OutputFormat, io: Io): Promise<void> {
  const { data } = await api.version(router, n);
  if (format !== "table") return write(io.stdout, render(data, format));
  const head = fields([
    ["router", router],
    ["version", `${data.number}${data.active ? " (active)" : ""}`],
    ["message", data.message],
    ["author", data.author],
    ["created", shortDate(data.createdAt)],
    ["settings", settingsText(data.document.settings)],
  ]);
  await write(io.stdout, `${head}\n${documentTables(data.document)}`);
}

function audiencesOut(items: AudienceView[], format: OutputFormat): string {
  if (format === "json") return render(items.map((a) => audienceManifest(a, a.revision)), "json");
  if (format === "yaml") {
    return toYamlStream(
      items.map((a) => ({
        value: audienceManifest(a, a.revision),
        comment: `Audience ${a.name}: ${a.usedBy.length ? `used by ${a.usedBy.map((u) => `${u.router}/${u.rule}`).join(", ")} (a change applies to them all)` : "not used by any rule"}.`,
      })),
    );
  }
  return table(items, [
    { header: "AUDIENCE", value: (a) => a.name },
    { header: "REVISION", value: (a) => a.revision, align: "right" },
    { header: "USED BY", value: (a) => a.usedBy.map((u) => `${u.router}/${u.rule}`).join(", ") },
    { header: "CONDITIONS", value: (a) => conditionsText(a.conditions) },
  ]);
}

export const GET_USAGE = `turnout get projects | routers | router NAME | audiences | audience NAME | versions ROUTER | version ROUTER N [-o table|json|yaml] [--project P]`;

export async function getCommand(api: ProjectApi, what: string[], format: OutputFormat, io: Io): Promise<number> {
  const [resource, ...rest] = what;
  const want = (names: string[]) => {
    if (rest.length !== names.length) throw new CliError(`get ${resource} takes ${names.length === 0 ? "no argument" : names.join(" and ")}`, true);
    return rest;
  };
  switch (resource) {
    case "projects": {
      want([]);
      const { data } = await api.projects();
      await write(io.stdout, format === "table" ? table(data.items, [
        { header: "PROJECT", value: (p) => p.name },
        { header: "DISPLAY NAME", value: (p) => p.displayName },
        { header: "UPDATED", value: (p) => shortDate(p.updatedAt) },
        { header: "DESCRIPTION", value: (p) => p.description },
      ]) : render(data.items, format));
      break;
    }
    case "routers": {
      want([]);
      const items = await api.routers();
      await write(io.stdout, format === "table" ? table(items, [
        { header: "ROUTER", value: (r) => r.name },
        { header: "ACTIVE", value: (r) => r.activeVersion },
        { header: "DRAFT", value: (r) => `rev ${r.revision}${r.undeployedChanges ? " (undeployed changes)" : ""}` },
        { header: "ERRORS", value: (r) => r.findings.errors, align: "right" },
        { header: "WARNINGS", value: (r) => r.findings.warnings, align: "right" },
        { header: "ROUTES", value: (r) => r.routes, align: "right" },
        { header: "RULES", value: (r) => r.rules, align: "right" },
        { header: "UPDATED", value: (r) => shortDate(r.updatedAt) },
      ]) : render(items, format));
      break;
    }
    case "router": {
      const [name] = want(["NAME"]);
      await getRouter(api, name!, format, io);
      break;
    }
    case "audiences": {
      want([]);
      await write(io.stdout, audiencesOut(await api.audiences(), format));
      break;
    }
    case "audience": {
      const [name] = want(["NAME"]);
      await write(io.stdout, audiencesOut([(await api.audience(name!)).data], format));
      break;
    }
    case "versions": {
      const [router] = want(["ROUTER"]);
      const items = await api.versions(router!);
      await write(io.stdout, format === "table" ? table(items, [
        { header: "VERSION", value: (v) => `${v.number}${v.active ? " (active)" : ""}` },
        { header: "CREATED", value: (v) => shortDate(v.createdAt) },
        { header: "AUTHOR", value: (v) => v.author },
        { header: "MESSAGE", value: (v) => v.message },
      ]) : render(items, format));
      break;
    }
    case "version": {
      const [router, n] = want(["ROUTER", "N"]);
      await getVersion(api, router!, positiveInt(n!, "the version"), format, io);
      break;
    }
    case undefined:
      throw new CliError("get what? projects, routers, router NAME, audiences, audience NAME, versions ROUTER or version ROUTER N", true);
    default:
      throw new CliError(`cannot get "${resource}": projects, routers, router NAME, audiences, audience NAME, versions ROUTER or version ROUTER N`, true);
  }
  return EXIT_OK;
}
