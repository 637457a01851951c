import type { Page, Request } from "@playwright/test";
import { expect, test, unique } from "./fixtures";
import { deploy, getConfig, routerApi } from "./router-helpers";
import { card, header, openRules, PointerDrag, routerWith, rule, ruleOrder } from "./rules-support";

/** GETs of the router's summary or draft the page sends, and every 412 it gets. */
function watch(page: Page, project: string, router: string) {
  const base = new URL(routerApi(project, router), "http://x").pathname;
  const reads: string[] = [];
  const conflicts: string[] = [];
  page.on("request", (req: Request) => {
    if (req.method() !== "GET") return;
    const path = new URL(req.url()).pathname;
    if (path === base || path === `${base}/config`) reads.push(path);
  });
  page.on("response", (res) => {
    if (res.status() === 412) conflicts.push(`${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  return { reads, conflicts };
}

const writeOf = (page: Page, method: string, path: RegExp) => page.waitForResponse((res) => res.request().method() === method && path.test(new URL(res.url()).pathname));

test.describe("draft writes", () => {
  test.use({ viewport: { width: 1280, height: 1600 } });

  test("a drag and a rule save update the page from their answers: no reload of the draft or summary, the revision moves on", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    const group = (v: string) => [header("x-group", [v])];
    await routerWith(adminApi, project, router, [rule("a", group("a")), rule("b", group("b")), rule("c", group("c"))]);
    await deploy(adminApi, project, router, "first");
    await openRules(page, project, router);
    const status = page.getByTestId("router-status");
    await expect(status.getByTestId("undeployed-changes")).toHaveCount(0);
    // Two routes no rule sends traffic to (canary, shadow): a warning each.
    await expect(status.getByTestId("findings-count")).toHaveText("2 warnings");
    // What the page read to render is done with; from here on every read is counted.
    await page.waitForLoadState("networkidle");
    const { reads, conflicts } = watch(page, project, router);

    // A drag: c to the top.
    let drag = await PointerDrag.start(page, "c", ["a", "b", "c"]);
    await drag.hover("b");
    await drag.hover("a");
    let answer = writeOf(page, "PUT", /\/rules\/order$/);
    await drag.drop();
    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId("priority-c")).toHaveText(/1$/);
    await expect(page.getByTestId("priority-a")).toHaveText(/2$/);
    // The header follows from the answer: the draft now differs from version 1.
    await expect(status.getByTestId("undeployed-changes")).toBeVisible();

    // And back: the draft equals the deployed version again, which the page works out itself.
    await page.waitForLoadState("networkidle");
    drag = await PointerDrag.start(page, "c", ["c", "a", "b"]);
    await drag.hover("a");
    await drag.hover("b");
    answer = writeOf(page, "PUT", /\/rules\/order$/);
    await drag.drop();
    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId("priority-c")).toHaveText(/3$/);
    await expect(status.getByTestId("undeployed-changes")).toHaveCount(0);

    // A rule save, sent with the revision the drags' answers left: a now also matches x-group c,
    // so rule c below it is hidden (an error) and overlaps it (a warning) — the header's counts
    // come from the page's own analysis.
    await page.getByRole("button", { name: "Edit rule a" }).click();
    const dialog = page.getByTestId("rule-dialog");
    await dialog.getByLabel("Add a value to condition 1").fill("c");
    await dialog.getByLabel("Add a value to condition 1").press("Enter");
    answer = writeOf(page, "PUT", /\/rules\/a$/);
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    expect((await answer).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(card(page, "a").getByTestId("condition-chip")).toContainText(/a"?, "?c/);
    await expect(status.getByTestId("findings-count")).toHaveText(/^1 error\s*3 warnings$/);
    await expect(status.getByTestId("undeployed-changes")).toBeVisible();

    // One more drag on the revision the save answered with: accepted, no 412.
    await page.waitForLoadState("networkidle");
    drag = await PointerDrag.start(page, "b", ["a", "b", "c"]);
    await drag.hover("a");
    answer = writeOf(page, "PUT", /\/rules\/order$/);
    await drag.drop();
    expect((await answer).status()).toBe(200);
    await expect(page.getByTestId("priority-b")).toHaveText(/1$/);

    await page.waitForLoadState("networkidle");
    expect(conflicts).toEqual([]);
    expect(reads).toEqual([]);
    // What the page shows is what the server has.
    expect(await ruleOrder(adminApi, project, router)).toEqual(["b", "a", "c"]);
    const saved = (await getConfig(adminApi, project, router)).rules.find((r) => r.name === "a")!;
    expect(saved.conditions?.[0]?.values).toEqual(["a", "c"]);
  });
});
