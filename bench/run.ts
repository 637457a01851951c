/**
 * Runs every `bench/*.bench.ts` module (each exports `run(): Promise<string>` returning a
 * markdown section, comparing itself with a baseline measured in the same run) and writes
 * the sections to bench/RESULTS.md. `npm run bench -- engine` runs only matching modules
 * and replaces just their sections, marked with the day they were measured alone.
 */
import { readFile, readdir, writeFile } from "node:fs/promises";
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
const results = path.join(dir, "RESULTS.md");
if (filter.length === 0) await writeFile(results, `${header}\n${sections.join("\n\n")}\n`);
else {
  let text = await readFile(results, "utf8").catch(() => `${header}\n`);
  const note = `_Measured alone (\`npm run bench -- ${filter.join(" ")}\`) on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end._`;
  for (const section of sections) {
    const title = section.split("\n", 1)[0]!;
    const start = text.indexOf(`${title}\n`);
    const replacement = `${section}\n\n${note}\n`;
    if (start < 0) text = `${text.trimEnd()}\n\n${replacement}`;
    else {
      const next = text.indexOf("\n## ", start + title.length);
      text = `${text.slice(0, start)}${replacement}${next < 0 ? "" : text.slice(next)}`;
    }
  }
  await writeFile(results, text);
  process.stdout.write("(filtered run: only its sections of RESULTS.md were replaced)\n");
}

// The figures are written: a handle a benchmark left open (a pool, a timer) must not keep the run waiting.
process.exit(0);
