import { mkdir } from "node:fs/promises";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./credentials";

export { ADMIN_EMAIL, ADMIN_PASSWORD };
export { expect };

export type Account = { email: string; password: string; name: string };
export type ProjectRole = "viewer" | "editor" | "owner";

/** A name no other test (or retry) uses: lowercase, a valid slug and email local part. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Test data, created through the API as the administrator; every name is unique, so tests
 * never depend on each other or on the order they run in.
 */
export class Seed {
  constructor(private readonly api: APIRequestContext) {}

  async user(options: { role?: "admin" | "user"; name?: string } = {}): Promise<Account> {
    const local = unique("user");
    const account = { email: `${local}@e2e.test`, password: `pw-${unique("secret")}`, name: options.name ?? local };
    await ok(await this.api.post("/api/v1/users", { data: { ...account, role: options.role ?? "user" } }), "create user");
    return account;
  }

  async project(options: { displayName?: string; description?: string } = {}): Promise<string> {
    const name = unique("proj");
    await ok(await this.api.post("/api/v1/projects", { data: { name, ...options } }), "create project");
    return name;
  }

  async member(project: string, email: string, role: ProjectRole): Promise<void> {
    await ok(await this.api.post(`/api/v1/projects/${project}/members`, { data: { email, role } }), "add member");
  }

  async token(project: string, scope: "read" | "write" = "read"): Promise<{ id: string; name: string; prefix: string; token: string }> {
    return ok(await this.api.post(`/api/v1/projects/${project}/tokens`, { data: { name: unique("tok"), scope } }), "create token");
  }
}

/**
 * POST /api/v1/session. The console allows 20 sign-ins a minute from one address, and every
 * test signs in from the same one; should a long run reach that, wait as told and try again
 * rather than fail (the test's timeout grows by the wait).
 */
async function postSession(api: APIRequestContext, account: Pick<Account, "email" | "password">) {
  for (let attempt = 0; ; attempt++) {
    const response = await api.post("/api/v1/session", { data: { email: account.email, password: account.password } });
    if (response.status() !== 429 || attempt > 0) return response;
    const wait = Number(response.headers()["retry-after"] ?? "60");
    if (!(wait > 0 && wait <= 60)) return response;
    try {
      const info = test.info();
      info.setTimeout(info.timeout + wait * 1000);
    } catch {
      // Outside a test (a worker fixture's setup): no test timeout to extend.
    }
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 250));
  }
}

/** Signs a browser context in through the API (its cookie jar is the context's own). */
export async function signIn(context: BrowserContext, account: Pick<Account, "email" | "password">): Promise<void> {
  const response = await postSession(context.request, account);
  expect(response.status(), `sign in as ${account.email}`).toBe(200);
}

/** Storage state with nothing in it: a visitor who has not signed in. */
export const signedOut = { cookies: [], origins: [] };

type WorkerFixtures = {
  /** Path of a storage-state file with the administrator's session, signed in once per worker. */
  adminStorageState: string;
};

// Fixture callbacks name their second argument `provide`, not Playwright's usual `use`, which
// the React hooks lint rule would take for React's use().
type TestFixtures = {
  /** API calls as the administrator (cookie session), for creating test data. */
  adminApi: APIRequestContext;
  seed: Seed;
  /** A page in a fresh browser context signed in as `account`; closed after the test. */
  pageAs: (account: Pick<Account, "email" | "password">) => Promise<Page>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  adminStorageState: [
    async ({ playwright }, provide, workerInfo) => {
      const baseURL = workerInfo.project.use.baseURL;
      const file = path.join(workerInfo.project.outputDir, ".auth", `admin-${workerInfo.workerIndex}.json`);
      await mkdir(path.dirname(file), { recursive: true });
      // Signing in once per worker keeps the suite far below the login rate limit.
      const context = await playwright.request.newContext({ baseURL, storageState: signedOut });
      const response = await postSession(context, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      if (response.status() !== 200) throw new Error(`admin sign-in failed: ${response.status()} ${await response.text()}`);
      await context.storageState({ path: file });
      await context.dispose();
      await provide(file);
    },
    // Room for one wait on the sign-in rate limit.
    { scope: "worker", timeout: 120_000 },
  ],

  // Pages are the administrator's unless a test says otherwise (test.use({ storageState: signedOut })).
  storageState: async ({ adminStorageState }, provide) => provide(adminStorageState),

  adminApi: async ({ playwright, adminStorageState, baseURL }, provide) => {
    const context = await playwright.request.newContext({ baseURL, storageState: adminStorageState });
    await provide(context);
    await context.dispose();
  },

  seed: async ({ adminApi }, provide) => provide(new Seed(adminApi)),

  pageAs: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (account) => {
      const context = await newContext(browser);
      contexts.push(context);
      await signIn(context, account);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
});

async function newContext(browser: Browser): Promise<BrowserContext> {
  // Inside a test, new contexts get the config's options (baseURL, viewport), and its storage state unless given another.
  return browser.newContext({ storageState: signedOut });
}

/** Where screenshots for the README and reviews go. */
export const screens = (name: string) => `test-results/screens/${name}.png`;
