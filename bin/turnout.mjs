#!/usr/bin/env node
// The `turnout` CLI runs the TypeScript sources directly through tsx: no build step.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

// The project's tsconfig, wherever the command is run from, so its path aliases resolve.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });

// `turnout get routers | head -1`: a reader that goes away early is not an error.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

const { main } = await import("../lib/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
