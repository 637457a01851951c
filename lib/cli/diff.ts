/**
 * `turnout diff -f FILE… [--against draft|active|N]`: what applying the files would change
 * in the drafts (by default), or how they differ from the active version or version N
 * (slot tables aside: deploys compute them). Audiences are compared with the project's.
 * Exit 1 when anything differs, as diff(1) does.
 */
import type { Audience } from "../router/document";
import { positiveInt } from "./args";
import { orNull, type ProjectApi } from "./client";
import { audienceChanges, indent, routerChanges } from "./diff-text";
import { labelOf, type ResourceFile, type RouterFile } from "./documents";
import { CliError, EXIT_FINDINGS, EXIT_OK, write, type Io } from "./io";
import { storedForm, withImplicitDefault, withoutSlots } from "./normalize";
import { render, type OutputFormat } from "./output";

export type Against = { kind: "draft" } | { kind: "active" } | { kind: "version"; n: number };

export function parseAgainst(text: string | undefined): Against {
  if (text === undefined || text === "draft") return { kind: "draft" };
  if (text === "active") return { kind: "active" };
  if (/^\d+$/.test(text)) return { kind: "version", n: positiveInt(text, "--against") };
  throw new CliError(`--against takes draft, active or a version number, not "${text}"`, true);
}

export interface DiffResult {
  kind: "router" | "audience";
  name: string;
  file: string;
  /** `draft revision 7`, `version 3 (active)`, `project audience revision 2`. */
  against: string;
  differs: boolean;
  /** Set when there is nothing to compare with (not created yet, nothing deployed). */
  missing?: string;
  changes: string[];
}

async function diffRouter(api: ProjectApi, file: RouterFile, against: Against, project: Map<string, Audience>): Promise<DiffResult> {
  const name = file.document.name;
  const desired = storedForm(withImplicitDefault(file.document), project);
  const base = { kind: "router" as const, name, file: labelOf(file.doc) };
  if (against.kind === "draft") {
    const current = await orNull(api.config(name));
    if (!current) return { ...base, against: "draft", differs: true, missing: "the router does not exist: apply creates it", changes: [] };
    const changes = routerChanges(storedForm(current.data), desired);
    return { ...base, against: `draft revision ${current.revision}`, differs: changes.length > 0, changes };
  }
  let n: number;
  if (against.kind === "active") {
    const summary = await orNull(api.routerSummary(name));
    if (!summary) return { ...base, against: "active version", differs: true, missing: "the router does not exist", changes: [] };
    if (summary.data.activeVersion === null) return { ...base, against: "active version", differs: true, missing: "nothing is deployed", changes: [] };
    n = summary.data.activeVersion;
  } else {
    n = against.n;
  }
  const version = await api.version(name, n);
  const changes = routerChanges(withoutSlots(storedForm(version.data.document)), withoutSlots(desired));
  return { ...base, against: `version ${n}${version.data.active ? " (active)" : ""}`, differs: changes.length > 0, changes };
}

export async function diffCommand(api: ProjectApi, resources: readonly ResourceFile[], against: Against, format: OutputFormat, io: Io): Promise<number> {
  const needsProject = resources.some((r) => r.kind === "audience" || r.document.rules.some((rule) => rule.audience));
  const projectAudiences = needsProject ? await api.audiences() : [];
  const project = new Map<string, Audience>(projectAudiences.map((a) => [a.name, { name: a.name, ...(a.description ? { description: a.description } : {}), conditions: a.conditions }]));
  const applied = new Map(project);
  for (const r of resources) if (r.kind === "audience") applied.set(r.audience.name, r.audience);

  const results: DiffResult[] = [];
  for (const r of resources) {
    if (r.kind === "router") {
      results.push(await diffRouter(api, r, against, applied));
      continue;
    }
    const current = projectAudiences.find((a) => a.name === r.audience.name);
    const base = { kind: "audience" as const, name: r.audience.name, file: labelOf(r.doc) };
    if (!current) results.push({ ...base, against: "project audiences", differs: true, missing: "the audience does not exist: apply creates it", changes: [] });
    else {
      const changes = audienceChanges(current, r.audience).map((c) => `~ ${c}`);
      results.push({ ...base, against: `project audience revision ${current.revision}`, differs: changes.length > 0, changes });
    }
  }

  if (format === "table") {
    const text = results
      .map((r) => {
        if (r.missing) return `${r.kind} ${r.name} (${r.file}): ${r.missing}\n`;
        if (!r.differs) return `${r.kind} ${r.name} (${r.file}): no differences from the ${r.against}\n`;
        return `${r.kind} ${r.name}: ${r.against} → ${r.file}\n${indent(r.changes)}`;
      })
      .join("");
    await write(io.stdout, text);
  } else {
    await write(io.stdout, render(results, format));
  }
  return results.some((r) => r.differs) ? EXIT_FINDINGS : EXIT_OK;
}
