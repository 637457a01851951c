/**
 * Shadow comparison in the console: the rule dialog edits a shadow's comparison (checked as
 * you type), and the Traffic tab shows how two real gateways compared real backends' answers,
 * summed from their heartbeats — outcomes, differing fields, latencies, a stored disagreement
 * as a side-by-side diff — and promotes the shadow to a canary. The gateways are processes on
 * the console's own throwaway database (playwright.config.ts has it write its URL).
 */
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startGatewayProcess, type GatewayProcess } from "@/lib/fleet/test-support/gateway-process";
import { expect, screens, test, unique } from "./fixtures";
import { createRouter, deploy, getConfig, json, routerApi } from "./router-helpers";
import { header, openRules, routerWith, rule } from "./rules-support";

const FIELDS = {
  mode: "fields" as const,
  fields: [{ path: "predictions.0.label" }, { path: "predictions.0.score", tolerance: { absolute: 0.01, relative: 0.05 } }, { path: "top", topK: 3 }],
};

test.describe("shadow comparison", () => {
  test.use({ viewport: { width: 1280, height: 1400 } });

  test("the rule dialog edits a shadow's comparison, with inline errors for a bad spec", async ({ page, seed, adminApi }) => {
    test.setTimeout(180_000);
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [rule("scored", [header("x-team", ["ml"])], { shadows: [{ route: "shadow", percent: 10 }] })]);
    await openRules(page, project, router);
    await page.getByRole("button", { name: "Edit rule scored" }).click();
    const dialog = page.getByTestId("rule-dialog");
    const row = dialog.getByTestId("shadow-row-shadow");

    await row.getByLabel("Compare with the primary").selectOption("fields");
    await row.getByLabel("Path of field 1 of shadow").fill("predictions..label");
    await expect(row.getByTestId("shadow-shadow-field-0-path-error")).toContainText("has an empty segment");
    await row.getByLabel("Path of field 1 of shadow").fill("predictions.0.label");
    await expect(row.getByTestId("shadow-shadow-field-0-path-error")).toHaveCount(0);

    await row.getByRole("button", { name: "Add field" }).click();
    await row.getByLabel("Path of field 2 of shadow").fill("predictions.0.score");
    await row.getByLabel("How field 2 of shadow is compared").selectOption("tolerance");
    await row.getByLabel("Absolute tolerance of field 2 of shadow").fill("-0.01");
    await expect(row.getByTestId("shadow-shadow-field-1-tolerance-error")).toHaveText("the absolute tolerance must not be negative");
    await expect(row.getByLabel("Absolute tolerance of field 2 of shadow")).toHaveAttribute("aria-invalid", "true");

    await row.getByRole("button", { name: "Add field" }).click();
    await row.getByLabel("Path of field 3 of shadow").fill("top");
    await row.getByLabel("How field 3 of shadow is compared").selectOption("topK");
    await row.getByLabel("k of field 3 of shadow").fill("0");
    await expect(row.getByTestId("shadow-shadow-field-2-topK-error")).toHaveText("k must be between 1 and 1000");

    // Saving a bad spec is refused before the server is asked, with the same messages.
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByTestId("rule-form-error")).toContainText("Fix the highlighted fields");
    await expect(dialog).toBeVisible();

    await row.getByLabel("Absolute tolerance of field 2 of shadow").fill("0.01");
    await row.getByLabel("Relative tolerance of field 2 of shadow").fill("0.05");
    await row.getByLabel("k of field 3 of shadow").fill("3");
    await expect(row.getByTestId(/-error$/)).toHaveCount(0);

    // The preview runs the gateway's comparison on two pasted answers.
    await row.getByText("Try it on two answers").click();
    await row.getByLabel("Primary's answer").fill('{"id":1,"predictions":[{"label":"cat","score":0.90}],"top":["a","b","c","d"]}');
    await row.getByLabel("Shadow's answer").fill('{"top":["c","b","a"],"predictions":[{"score":0.905,"label":"cat"}],"id":2}');
    await expect(row.getByTestId("compare-preview-verdict")).toHaveText("Agree");
    await row.getByLabel("Shadow's answer").fill('{"top":["c","b","x"],"predictions":[{"score":0.7,"label":"cat"}]}');
    await expect(row.getByTestId("compare-preview-verdict")).toContainText("Disagree: predictions.0.score (beyond the tolerance); top (not the same top 3)");

    await page.screenshot({ path: screens("rule-dialog-compare"), fullPage: false });
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    const config = await getConfig(adminApi, project, router);
    expect(config.rules[0]!.shadows).toEqual([{ route: "shadow", percent: 10, compare: FIELDS }]);

    // Back to json mode with ignored paths; an invalid path is refused as you type it.
    await page.getByRole("button", { name: "Edit rule scored" }).click();
    await expect(row.getByLabel("Compare with the primary")).toHaveValue("fields");
    await row.getByLabel("Compare with the primary").selectOption("json");
    const ignore = row.getByLabel("Path shadow's comparison ignores");
    await ignore.fill("meta..id");
    await expect(row.getByText('"meta..id" has an empty segment')).toBeVisible();
    await ignore.press("Enter");
    await expect(row.getByRole("list", { name: "Paths shadow's comparison ignores" })).toHaveCount(0);
    await ignore.fill("id");
    await ignore.press("Enter");
    await ignore.fill("meta.*");
    await ignore.press("Enter");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    expect((await getConfig(adminApi, project, router)).rules[0]!.shadows).toEqual([{ route: "shadow", percent: 10, compare: { mode: "json", ignore: ["id", "meta.*"] } }]);
  });

  test.describe("with a gateway", () => {
    const gateways: GatewayProcess[] = [];
    const servers: http.Server[] = [];
    test.afterAll(async () => {
      await Promise.all(gateways.map((g) => g.stop()));
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    });

    /** A model backend: `answer(path)` is its JSON. */
    async function backend(answer: (path: string) => unknown): Promise<string> {
      const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          const body = JSON.stringify(answer(req.url ?? "/"));
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
          res.end(body);
        });
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    test("the Traffic tab shows comparison outcomes and a stored disagreement; Promote opens the split editor", async ({ page, seed, adminApi }) => {
      test.setTimeout(180_000);
      const primaryUrl = await backend((path) => ({ id: path, predictions: [{ label: "cat", score: 0.9 }], top: ["a", "b", "c", "d"] }));
      const candidateUrl = await backend((path) => ({
        id: "other",
        predictions: [{ score: 0.905, label: path.startsWith("/dog") ? "dog" : "cat" }],
        top: ["c", "a", "b", "z"],
      }));
      const project = await seed.project();
      const router = unique("rt");
      await createRouter(adminApi, project, {
        name: router,
        settings: { keepDisagreements: 5, keySources: [{ source: "header", key: "x-user" }], missingKey: "random" },
        routes: [
          { name: "primary", url: primaryUrl },
          { name: "candidate", url: candidateUrl },
        ],
        defaultRule: { strategy: "random", split: [{ route: "primary", weight: 100 }], shadows: [{ route: "candidate", percent: 100, compare: FIELDS }] },
      });
      await deploy(adminApi, project, router, "shadow the candidate");

      const databaseUrl = (await readFile(`.data/e2e-database-url-${process.env.E2E_PORT}`, "utf8")).trim();
      for (let i = 0; i < 2; i++) gateways.push(await startGatewayProcess(databaseUrl, ["--heartbeat-ms", "500"]));
      const targets = gateways.map((g) => `${g.url}/${project}/${router}`);
      for (const target of targets) await expect.poll(async () => (await fetch(`${target}/ping`)).status, { timeout: 10_000 }).toBe(200);

      // Requests alternate between the two gateways: the tab shows their sum.
      let sent = 0;
      const send = (path: string) =>
        fetch(`${targets[sent++ % 2]}${path}`, { method: "POST", headers: { "content-type": "application/json", "x-user": "u-42" }, body: JSON.stringify({ text: path }) }).then((r) => r.text());
      for (let i = 0; i < 9; i++) await send(`/cat/${i}`);
      for (let i = 0; i < 3; i++) await send(`/dog/${i}`);
      await expect.poll(async () => (await json<{ items: unknown[] }>(await adminApi.get(`${routerApi(project, router)}/shadow-disagreements`), "list")).items.length, { timeout: 10_000 }).toBe(3);

      await page.goto(`/projects/${project}/routers/${router}?tab=traffic`);
      const shadow = page.getByTestId("shadow-comparison-default-candidate");
      await expect(shadow).toBeVisible({ timeout: 30_000 });
      // Each gateway's ping agreed too: 11 agree, 3 disagree, over both gateways.
      await expect(shadow.getByTestId("comparison-outcomes")).toContainText("11 agree", { timeout: 15_000 });
      await expect(shadow.getByTestId("comparison-outcomes")).toContainText("3 disagree");
      await expect(shadow.getByTestId("agreement")).toHaveText("78.6 %");
      await expect(page.getByTestId("traffic-summary")).toContainText("by 2 gateways (from their heartbeats)");
      await expect(shadow.getByTestId("disagreement-by-field")).toContainText("predictions.0.label");
      await expect(shadow.getByTestId("comparison-latency").getByRole("row", { name: /^Shadow − primary/ })).toContainText(/ms/);
      await expect(shadow.getByText("100 % mirrored · compared by chosen fields")).toBeVisible();

      // Another batch: the chart gets an interval to draw once the tab has polled twice.
      for (let i = 0; i < 4; i++) await send(`/cat/more-${i}`);
      await expect(shadow.getByTestId("agreement-chart")).toBeVisible({ timeout: 15_000 });

      const stored = page.getByTestId("stored-disagreements");
      await expect(stored).toContainText("keep the latest 5 disagreements");
      const diff = stored.getByTestId("disagreement-diff").first();
      await expect(diff.getByTestId("disagreement-field")).toContainText('predictions.0.label: different values — primary "cat", shadow "dog"');
      // Newest first, as stored: each gateway writes its own in batches, so which dog is first is open.
      await expect(diff).toContainText(/POST \/dog\/[0-2]/);
      await expect(diff).toContainText("x-user: u-42");
      const changed = diff.locator('td[data-changed="true"]');
      await expect(changed.filter({ hasText: '"label": "cat"' })).toHaveCount(1);
      await expect(changed.filter({ hasText: '"label": "dog"' })).toHaveCount(1);
      await page.screenshot({ path: screens("traffic-shadow-comparison"), fullPage: true });

      // Promote: the split editor opens with the shadow route as a 5 % canary.
      await shadow.getByRole("button", { name: /^Promote candidate/ }).click();
      const dialog = page.getByTestId("rule-dialog");
      await expect(dialog.getByTestId("promote-note")).toContainText("joins the split as a canary at 5 %");
      await expect(dialog.getByRole("spinbutton", { name: "Weight of candidate in percent" })).toHaveValue("5");
      await expect(dialog.getByRole("spinbutton", { name: "Weight of primary in percent" })).toHaveValue("95");
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog).toBeHidden();
      expect((await getConfig(adminApi, project, router)).defaultRule!.split).toEqual([
        { route: "primary", weight: 95 },
        { route: "candidate", weight: 5 },
      ]);

      // Deleting the stored disagreements.
      await stored.getByRole("button", { name: "Delete all" }).click();
      await page.getByTestId("delete-disagreements-dialog").getByRole("button", { name: "Delete all" }).click();
      await expect(stored.getByTestId("no-disagreements")).toBeVisible();
      await expect(page.getByText("Stored disagreements deleted")).toBeVisible();
      expect((await json<{ items: unknown[] }>(await adminApi.get(`${routerApi(project, router)}/shadow-disagreements`), "list")).items).toEqual([]);
    });
  });
});
