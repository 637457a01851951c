import type { APIRequestContext } from "@playwright/test";
import { MAX_JSON_DEPTH } from "../lib/http/json-limits";
import { expect, test } from "./fixtures";
import { createRouter, routerApi } from "./router-helpers";

/**
 * Bad input against the production build, as Next.js serves the API: whatever the body's
 * framing, encoding, size or shape, the answer is a 4xx problem+json, never a 5xx or a page.
 */

const doc = (name: string) => ({
  name,
  routes: [{ name: "stable", url: "http://127.0.0.1:9001" }],
  defaultRule: { strategy: "random" as const, split: [{ route: "stable", weight: 100 }], shadows: [] },
});

type Sent = { data?: Buffer; headers?: Record<string, string> };
/** Bytes as they are: Playwright would encode a string as a JSON string under a JSON content type. */
const raw = (text: string) => Buffer.from(text);
const json = { "content-type": "application/json" };

const CASES: [what: string, sent: Sent, status: number, code: string][] = [
  ["malformed JSON", { data: raw('{"message": "x",'), headers: json }, 400, "malformed_json"],
  ["an empty body", { data: raw(""), headers: json }, 400, "empty_body"],
  ["no body and no Content-Type", {}, 415, "unsupported_media_type"],
  ["a form instead of JSON", { data: raw("message=x"), headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "unsupported_media_type"],
  ["JSON sent as text/plain", { data: raw('{"message":"x"}'), headers: { "content-type": "text/plain" } }, 415, "unsupported_media_type"],
  ["Latin-1 bytes", { data: Buffer.from([...Buffer.from('{"message":"caf'), 0xe9, ...Buffer.from('"}')]), headers: json }, 400, "invalid_encoding"],
  ["a body over 1 MiB", { data: raw(JSON.stringify({ message: "x".repeat(2 * 1024 * 1024) })), headers: json }, 413, "body_too_large"],
  ["a 20 MB body", { data: Buffer.alloc(20 * 1024 * 1024, 0x20), headers: json }, 413, "body_too_large"],
  ["100 000 levels of nesting", { data: raw(`{"message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`), headers: json }, 422, "nesting_too_deep"],
  ["an unpaired surrogate", { data: raw('{"message":"deploy \\ud800"}'), headers: json }, 422, "invalid"],
  ["a NUL character", { data: raw('{"message":"deploy \\u0000"}'), headers: json }, 422, "invalid"],
];

async function expectProblem(response: Awaited<ReturnType<APIRequestContext["post"]>>, status: number, code: string) {
  const text = await response.text();
  expect(response.status(), text).toBe(status);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  expect(JSON.parse(text)).toMatchObject({ status, code, detail: expect.any(String) });
}

test.describe("the API refuses bad bodies with a 4xx problem", () => {
  let project: string;
  let token: string;
  test.beforeEach(async ({ seed, playwright, baseURL }) => {
    project = await seed.project();
    token = (await seed.token(project, "write")).token;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    await createRouter(api, project, doc("r"));
    await api.dispose();
  });

  test("malformed, mistyped, empty, huge, non-UTF-8, too deep or unstorable bodies", async ({ playwright, baseURL }) => {
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    for (const [what, sent, status, code] of CASES) {
      await test.step(what, async () => expectProblem(await api.post(`${routerApi(project, "r")}/deployments`, sent), status, code));
    }
    // Nothing was deployed by any of them.
    const versions = (await (await api.get(`${routerApi(project, "r")}/versions`)).json()) as { items: unknown[] };
    expect(versions.items).toEqual([]);
    await api.dispose();
  });

  test("a chunked body without Content-Length is cut off at the limit", async ({ baseURL }) => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 4 * 1024 * 1024) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        sent += 64 * 1024;
      },
    });
    const response = await fetch(`${baseURL}${routerApi(project, "r")}/deployments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  test("numbers and dates past what a column holds are a 404 or a 400, in the API and the console", async ({ playwright, baseURL, page }) => {
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    await expectProblem(await api.get(`${routerApi(project, "r")}/versions/2147483648`), 404, "not_found");
    await expectProblem(await api.get(`${routerApi(project, "r")}/versions/1/diff?against=2147483648`), 400, "invalid_query");
    await expectProblem(await api.get(`/api/v1/projects/${project}/events?cursor=9223372036854775808`), 400, "invalid_query");
    await expectProblem(await api.get(`/api/v1/projects/${project}/events?from=0000-01-01T00:00:00Z`), 400, "invalid_query");
    // A deploy waits 30 s at most for the gateways; the traffic window is one of four words.
    for (const query of ["wait=true&timeoutMs=2147483648", "wait=true&timeoutMs=1e400", "wait=2147483648"]) {
      await expectProblem(await api.post(`${routerApi(project, "r")}/deployments?${query}`, { data: { message: "m" } }), 400, "invalid_query");
    }
    await expectProblem(await api.get(`${routerApi(project, "r")}/traffic?window=2147483648`), 400, "invalid_query");
    await api.dispose();

    const audit = await page.goto(`/projects/${project}/audit?before=9999999999999999999`);
    expect(audit?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    // Year 0 looks like a date but no timestamp holds it: the filter says so instead of failing.
    expect((await page.goto(`/projects/${project}/audit?from=0000-06-01`))?.status()).toBe(200);
    await expect(page.getByText("“From” is not a date and time.")).toBeVisible();
  });

  test("a path whose escapes are not UTF-8 is a 400, in the API and the console", async ({ playwright, baseURL, page }) => {
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    for (const segment of ["%FF", "%ED%A0%80", "%E0%A4%A"]) {
      await test.step(segment, async () => {
        await expectProblem(await api.get(`/api/v1/projects/${project}/routers/${segment}`), 400, "invalid_path");
        await expectProblem(await api.get(`/api/v1/projects/${project}/routers/${segment}/traffic`), 400, "invalid_path");
        expect((await page.goto(`/projects/${segment}`))?.status()).toBe(400);
      });
    }
    // A NUL decodes: it is an ordinary name that no router has.
    await expectProblem(await api.get(`/api/v1/projects/${project}/routers/%00`), 404, "not_found");
    await api.dispose();
  });

  test("the simulator says inline when a pasted payload nests too deep or holds a lone surrogate", async ({ page }) => {
    await page.goto(`/projects/${project}/routers/r?tab=simulator`);
    const payload = page.getByLabel("JSON payload");
    await payload.fill(`${'{"a":'.repeat(MAX_JSON_DEPTH)}1${"}".repeat(MAX_JSON_DEPTH)}`);
    await page.getByRole("button", { name: "Simulate", exact: true }).click();
    await expect(page.getByText(`The payload nests objects and arrays more than ${MAX_JSON_DEPTH - 3} levels deep`)).toBeVisible();
    await payload.fill('{"user": {"name": "\\ud800"}}');
    await page.getByRole("button", { name: "Simulate", exact: true }).click();
    await expect(page.getByText(/At user\.name: must be valid Unicode text/)).toBeVisible();
    await payload.fill('{"user": {"name": "ann 🙂"}}');
    await page.getByRole("button", { name: "Simulate", exact: true }).click();
    await expect(page.getByTestId("simulation-route")).toHaveText("stable");
  });
});
