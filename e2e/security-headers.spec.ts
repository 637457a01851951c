/**
 * Security headers on every kind of answer, the console refusing to be framed by another
 * origin, and pages running under their Content Security Policy without a single violation.
 */
import http from "node:http";
import type { APIResponse, Page } from "@playwright/test";
import { expect, signedOut, test, unique } from "./fixtures";
import { freePort } from "./nginx";
import { header, rule, routerWith } from "./rules-support";

function expectSecurityHeaders(response: APIResponse, what: string): void {
  const h = response.headers();
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("same-origin");
  expect(h["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(h["x-powered-by"], what).toBeUndefined();
}

test.describe("headers", () => {
  test("pages, API answers (errors and 401s included) and static files all carry them", async ({ adminApi: request, playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL, storageState: signedOut });
    const cases: [string, Promise<APIResponse>, number][] = [
      ["a page", request.get("/projects/demo"), 200],
      ["the login page", anonymous.get("/login"), 200],
      ["the API reference", request.get("/docs/api"), 200],
      ["a redirect to sign in", anonymous.get("/projects/demo", { maxRedirects: 0 }), 307],
      ["a page that does not exist", request.get("/no-such-page"), 404],
      ["an API answer", request.get("/api/v1/projects"), 200],
      ["an API 401", anonymous.get("/api/v1/projects"), 401],
      ["an API 404", request.get("/api/v1/projects/no-such-project"), 404],
      ["an API 422", request.post("/api/v1/projects", { data: { name: "Not A Slug!" } }), 422],
      ["the OpenAPI document", anonymous.get("/api/v1/openapi.json"), 200],
      ["an icon", anonymous.get("/icon.svg"), 200],
    ];
    for (const [what, pending, status] of cases) {
      const response = await pending;
      expect(response.status(), what).toBe(status);
      expectSecurityHeaders(response, what);
    }
    // A script chunk the login page loads.
    const html = await (await anonymous.get("/login")).text();
    const chunk = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(chunk).toBeTruthy();
    const asset = await anonymous.get(chunk!);
    expect(asset.status()).toBe(200);
    expectSecurityHeaders(asset, "a static script");
    // JSON and files may not run anything; pages run only scripts with their own nonce.
    expect((await request.get("/api/v1/projects")).headers()["content-security-policy"]).toContain("default-src 'none'");
    await anonymous.dispose();
  });

  test("each page's scripts carry that response's nonce, and the nonce is new every time", async ({ adminApi: request }) => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await request.get("/projects/demo");
      const policy = response.headers()["content-security-policy"]!;
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      expect(policy).toContain("'strict-dynamic'");
      expect(policy).not.toContain("'unsafe-eval'");
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

test("a page of another origin cannot frame the signed-in console", async ({ page }) => {
  // Another site on the same host (another port): same-site, so the session cookie would be
  // sent to a frame. Its page frames the console's router page, with its Deploy button, and
  // a page of its own as a control.
  const consoleUrl = `http://localhost:${process.env.E2E_PORT}/projects/demo/routers/ray-canary`;
  const port = await freePort();
  const server = http.createServer((req, res) => {
    res.setHeader("content-type", "text/html");
    if (req.url === "/own") return res.end("<p>framed page of the same origin</p>");
    res.end(`<iframe id="console" src="${consoleUrl}" width="900" height="600"></iframe><iframe id="own" src="/own"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  try {
    // The console answers the framed request with its page (it is signed in)...
    const framed = page.waitForResponse((r) => r.url() === consoleUrl);
    await page.goto(`http://localhost:${port}/`);
    const response = await framed;
    expect(response.status()).toBe(200);
    expect(await response.headerValue("content-security-policy")).toContain("frame-ancestors 'none'");
    // ...and the browser refuses to show it, while the same-origin control frame renders.
    await expect(page.frameLocator("#own").getByText("framed page of the same origin")).toBeVisible();
    const frame = await (await page.locator("#console").elementHandle())!.contentFrame();
    await expect.poll(() => frame?.url()).toMatch(/^chrome-error:/);
    await expect(page.frameLocator("#console").getByTestId("deploy-button")).toHaveCount(0);
    await expect(page.frameLocator("#console").getByText("ray-canary")).toHaveCount(0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Records every CSP violation and script error a page reports, from its first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|CSP violation|Refused to/i.test(m.text())) problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${page.url()}: ${e.message}`));
  return problems;
}

test("the main pages run under the policy without a violation", async ({ page, adminApi, seed }) => {
  // Generous bounds: the API reference and a 301-rule analysis take a while on a busy machine.
  test.setTimeout(300_000);
  const problems = await watchViolations(page);
  const project = await seed.project();
  // Past 300 rules the editor analyses in a Web Worker, which the policy must allow too.
  const big = unique("big");
  await routerWith(adminApi, project, big, Array.from({ length: 301 }, (_, i) => rule(`r${i}`, [header("x-n", [String(i)])])));
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));

  const visits: [string, () => Promise<void>][] = [
    ["/", () => expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible()],
    ["/projects/demo", () => expect(page.getByRole("link", { name: "ray-canary" }).first()).toBeVisible()],
    ["/projects/demo/routers/turing-overlap?tab=rules", () => expect(page.getByTestId("findings-panel-count")).toHaveText(/^\d+$/, { timeout: 30_000 })],
    ["/projects/demo/audiences", () => expect(page.getByRole("heading", { level: 1, name: "Audiences", exact: true })).toBeVisible()],
    ["/projects/demo/settings", () => expect(page.getByRole("heading", { level: 1, name: "Settings", exact: true })).toBeVisible()],
    ["/projects/demo/audit", () => expect(page.getByRole("heading", { level: 1, name: "Audit log", exact: true })).toBeVisible()],
    ["/admin/users", () => expect(page.getByRole("heading", { level: 1, name: "Users", exact: true })).toBeVisible()],
    ["/docs/api", () => expect(page.getByRole("main").getByText("Sign in").first()).toBeVisible({ timeout: 90_000 })],
    [`/projects/${project}/routers/${big}?tab=rules`, () => expect(page.getByTestId("findings-panel-count")).toHaveText(/^\d+$/, { timeout: 90_000 })],
  ];
  for (const [path, loaded] of visits) {
    await page.goto(path);
    await loaded();
  }
  expect(workers.some((url) => url.includes("/_next/static/"))).toBe(true);
  // The login page too, signed out.
  await page.context().clearCookies();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  expect(problems).toEqual([]);
});
