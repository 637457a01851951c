/**
 * Runs every `bench/*.bench.ts` module (each exports `run(): Promise<string>` returning a
 * markdown section, comparing itself with a baseline measured in the same run) and writes
 * the sections to bench/RESULTS.md. `npm run bench -- engine` runs only matching modules and
 * replaces only their sections.
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
  const section = await mod.run();
  process.stdout.write(`${section}\n\n`);
  sections.push(section);
}

const header = [
  "# Benchmark results",
  "",
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}.`,
  "Every figure is compared with a baseline measured in the same run.",
  "",
].join("\n");
const results = path.join(dir, "RESULTS.md");
if (filter.length === 0) await writeFile(results, `${header}\n${sections.join("\n\n")}\n`);
else {
  // A filtered run replaces only its own sections (matched by their "## " title), each marked
  // with the day it ran, and leaves the others as their last full run wrote them.
  const existing = await readFile(results, "utf8").catch(() => null);
  const parts = existing?.split(/\n(?=## )/) ?? [];
  const titleOf = (section: string) => section.split("\n", 1)[0]!;
  const replaced = new Set<string>();
  const day = new Date().toISOString().slice(0, 10);
  const marked = (section: string) => {
    const [title, ...rest] = section.split("\n");
    return [title, "", `(Re-run alone with \`npm run bench -- ${filter.join(" ")}\` on ${day}, Node ${process.version}.)`, ...rest].join("\n");
  };
  const next = parts.map((part) => {
    const section = sections.find((s) => titleOf(s) === titleOf(part));
    if (section === undefined) return part;
    replaced.add(titleOf(section));
    return `${marked(section)}\n`;
  });
  const added = sections.filter((s) => !replaced.has(titleOf(s))).map(marked);
  if (existing === null) process.stdout.write("(filtered run: no RESULTS.md to update)\n");
  else {
    await writeFile(results, `${[...next, ...added.map((s) => `${s}\n`)].join("\n").replace(/\n+$/, "")}\n`);
    process.stdout.write(`(filtered run: ${sections.length} section(s) of RESULTS.md rewritten)\n`);
  }
}
