import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsPath, normalizeUrl, readCredentials, resolveTarget, writeCredentials } from "./credentials";
import { CliError, type Io } from "./io";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "turnout-credentials-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const io = (env: Record<string, string | undefined>): Io => ({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env });

describe("the credentials file", () => {
  it("lives under XDG_CONFIG_HOME or ~/.config unless TURNOUT_CONFIG names it", () => {
    expect(credentialsPath(io({ HOME: "/home/a" }))).toBe("/home/a/.config/turnout/credentials.json");
    expect(credentialsPath(io({ HOME: "/home/a", XDG_CONFIG_HOME: "/xdg" }))).toBe("/xdg/turnout/credentials.json");
    expect(credentialsPath(io({ HOME: "/home/a", XDG_CONFIG_HOME: "/xdg", TURNOUT_CONFIG: "/etc/t.json" }))).toBe("/etc/t.json");
  });

  it("is written 0600, even over a file that was readable by others", async () => {
    const file = path.join(dir, "c1", "credentials.json");
    const env = io({ TURNOUT_CONFIG: file });
    await writeCredentials(env, { url: "https://t.example.com", token: "trn_a", project: "demo" });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    await expect(readCredentials(env)).rejects.toThrow(/readable by others \(mode 644\)/);
    await writeCredentials(env, { url: "https://t.example.com", token: "trn_b", project: "demo" });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readCredentials(env)).toEqual({ url: "https://t.example.com", token: "trn_b", project: "demo" });
  });

  it("refuses a file that is not one, and reads none as not logged in", async () => {
    const file = path.join(dir, "c2.json");
    await writeFile(file, "{nope", { mode: 0o600 });
    await expect(readCredentials(io({ TURNOUT_CONFIG: file }))).rejects.toThrow(/not valid JSON: log in again/);
    expect(await readCredentials(io({ TURNOUT_CONFIG: path.join(dir, "absent.json") }))).toBeNull();
    await expect(resolveTarget(io({ TURNOUT_CONFIG: path.join(dir, "absent.json") }))).rejects.toThrow(/^not logged in: run `turnout login/);
  });

  it("takes TURNOUT_TOKEN over the file, and sends the stored token only to its own server", async () => {
    const file = path.join(dir, "c3.json");
    const stored = io({ TURNOUT_CONFIG: file });
    await writeCredentials(stored, { url: "https://a.example.com", token: "trn_file", project: "demo" });
    expect(await resolveTarget(stored)).toEqual({ url: "https://a.example.com", token: "trn_file", project: "demo", from: "file" });
    expect(await resolveTarget(io({ TURNOUT_CONFIG: file, TURNOUT_URL: "https://a.example.com/", TURNOUT_PROJECT: "other" }))).toMatchObject({ token: "trn_file", project: "other" });
    expect(await resolveTarget(io({ TURNOUT_CONFIG: file, TURNOUT_URL: "https://b.example.com", TURNOUT_TOKEN: "trn_env" }))).toEqual({ url: "https://b.example.com", token: "trn_env", project: undefined, from: "environment" });
    // The token alone goes to the stored server.
    expect(await resolveTarget(io({ TURNOUT_CONFIG: file, TURNOUT_TOKEN: "trn_env" }))).toMatchObject({ url: "https://a.example.com", token: "trn_env" });
    await expect(resolveTarget(io({ TURNOUT_CONFIG: file, TURNOUT_URL: "https://b.example.com" }))).rejects.toThrow(/not the server you logged in to/);
    expect(JSON.parse(await readFile(file, "utf8")).token).toBe("trn_file");
  });

  it("keeps the server's address alone", () => {
    expect(normalizeUrl("https://t.example.com/")).toBe("https://t.example.com");
    expect(normalizeUrl("https://t.example.com/turnout/api/v1/")).toBe("https://t.example.com/turnout");
    for (const bad of ["t.example.com", "ftp://t", "https://u:p@t", "https://t/?a=1"]) expect(() => normalizeUrl(bad)).toThrow(CliError);
  });
});
