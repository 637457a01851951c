/**
 * Runs every `bench/*.bench.ts` module (each exports `run(): Promise<string>` returning a
 * markdown section, comparing itself with a baseline measured in the same run) and writes
 * the sections to bench/RESULTS.md. `npm run bench -- engine` runs only matching modules and
 * replaces only their sections in RESULTS.md (each section says the day it was measured).
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import os from "node:os";
import { pathToFileURL } from "node:url";

const dir = import.meta.dirname;
const filter = process.argv.slice(2);
const files = (await readdir(dir))
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

const sections: string[] = [];
for (const file of files) {
  process.stdout.write(`bench: ${file}\n`);
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<string> };
  const run = await mod.run();
  // "## Title" first, then the day it was measured: sections re-run alone keep their own date.
  const [title, ...rest] = run.split("\n");
  const section = [title, "", `_Measured on ${new Date().toISOString().slice(0, 10)}._`, ...rest].join("\n");
  process.stdout.write(`${section}\n\n`);
  sections.push(section);
}

const header = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}.`,
  "Every figure is compared with a baseline measured in the same run (a section re-run on its own says so).",
  "",
].join("\n");
const resultsFile = path.join(dir, "RESULTS.md");
if (filter.length === 0) {
  await writeFile(resultsFile, `${header}\n${sections.join("\n\n")}\n`);
} else {
  // Only the sections that ran are replaced (matched by their "## " title); the others stay.
  const previous = await readFile(resultsFile, "utf8").catch(() => `${header}\n`);
  const [head, ...old] = previous.split(/^(?=## )/m);
  const titleOf = (section: string) => section.split("\n")[0]!.trim();
  const fresh = new Map(sections.map((s) => [titleOf(s), s]));
  const merged = old.map((s) => fresh.get(titleOf(s)) ?? s.trimEnd());
  for (const [title, s] of fresh) if (!old.some((o) => titleOf(o) === title)) merged.push(s);
  await writeFile(resultsFile, `${head!.trimEnd()}\n\n${merged.map((s) => s.trimEnd()).join("\n\n")}\n`);
  process.stdout.write(`(filtered run: replaced ${sections.length} section(s) of RESULTS.md)\n`);
}
