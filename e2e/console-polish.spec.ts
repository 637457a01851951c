import { expect, test, unique } from "./fixtures";
import { routerApi } from "./router-helpers";
import { card, handle, openRules, routerWith, rule, header } from "./rules-support";

const colourOf = (page: import("@playwright/test").Page, testId: string) =>
  page.getByTestId(testId).locator("span[aria-hidden=true]").first().evaluate((el) => getComputedStyle(el).backgroundColor);

test.describe("console polish", () => {
  test("dark mode follows the system, the toggle overrides it and the choice survives a reload", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/");
    const html = page.locator("html");
    await expect(html).toHaveClass(/\bdark\b/);
    const toggle = page.getByTestId("theme-toggle");
    await expect(toggle).toHaveAccessibleName(/Theme: system/);
    await toggle.click(); // → light
    await expect(html).not.toHaveClass(/\bdark\b/);
    await toggle.click(); // → dark
    await expect(html).toHaveClass(/\bdark\b/);
    await page.emulateMedia({ colorScheme: "light" });
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(page.getByTestId("theme-toggle")).toHaveAccessibleName(/Theme: dark/);
    const bg = await page.locator("body").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe("rgb(255, 255, 255)");
    await page.screenshot({ path: "test-results/screens/dark-home.png", fullPage: true });
    await page.getByTestId("theme-toggle").click(); // → system (light now)
    await expect(html).not.toHaveClass(/\bdark\b/);
  });

  test("public files: robots.txt keeps crawlers out, icons are served", async ({ request }) => {
    const robots = await request.get("/robots.txt");
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);
    for (const path of ["/icon.svg", "/icon-192.png", "/apple-touch-icon.png", "/manifest.webmanifest"]) expect((await request.get(path)).status(), path).toBe(200);
  });

  test("focus returns to the opener after the rule, deploy and example-request dialogs", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])]), rule("b", [header("x-a", ["1", "2"])])]);
    await openRules(page, project, router);

    const edit = card(page, "a").getByRole("button", { name: /edit/i });
    await edit.click();
    await expect(page.getByTestId("rule-dialog")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("rule-dialog")).toBeHidden();
    await expect(edit).toBeFocused();

    await edit.click();
    await page.getByTestId("rule-dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(edit).toBeFocused();

    const overlap = card(page, "b").getByRole("button", { name: /overlaps/i }).first();
    await overlap.click();
    await expect(page.getByTestId("witness-dialog")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(overlap).toBeFocused();

    const deployButton = page.getByTestId("deploy-button");
    await deployButton.click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(deployButton).toBeFocused();
  });

  test("Escape on an edited rule asks before discarding; a duplicate name never shows two cards", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])])]);
    await openRules(page, project, router);
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await card(page, "a").getByRole("button", { name: /edit/i }).click();
    const dialog = page.getByTestId("rule-dialog");
    await dialog.getByLabel("Name").fill("a-renamed");
    await page.keyboard.press("Escape");
    const confirm = page.getByTestId("discard-rule-dialog");
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Keep editing" }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Name")).toHaveValue("a-renamed");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByTestId("discard-rule-dialog").getByRole("button", { name: "Discard changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(card(page, "a")).toBeVisible();

    await page.getByRole("button", { name: "Add rule" }).click();
    await dialog.getByLabel("Name").fill("a");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog.getByText("rule 'a' already exists")).toBeVisible();
    await expect(page.getByTestId("rule-card-a")).toHaveCount(1);
    expect(errors.filter((e) => /same key/i.test(e))).toEqual([]);
  });

  test("a weight typed beyond what a route can take is clamped, and the form says so", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [
      rule("a", [header("x-a", ["1"])], { split: [{ route: "stable", weight: 50 }, { route: "canary", weight: 25 }, { route: "shadow", weight: 25 }] }),
    ]);
    await openRules(page, project, router);
    await card(page, "a").getByRole("button", { name: /edit/i }).click();
    const dialog = page.getByTestId("rule-dialog");
    await dialog.getByRole("button", { name: "Lock weight of canary" }).click();
    const stable = dialog.getByRole("spinbutton", { name: "Weight of stable in percent" });
    await stable.fill("150");
    await stable.blur();
    await expect(stable).toHaveValue("75");
    await expect(dialog.getByTestId("weight-adjusted")).toHaveText(/150 % is more than stable can take: it was set to 75 %/);
  });

  test("holding a dragged rule at the bottom edge does not grow the page", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, Array.from({ length: 6 }, (_, i) => rule(`r${i}`, [header("x-n", [String(i)])])));
    await page.setViewportSize({ width: 1280, height: 600 });
    await openRules(page, project, router);
    const before = await page.evaluate(() => document.documentElement.scrollHeight);
    const h = await handle(page, "r0").boundingBox();
    await page.mouse.move(h!.x + h!.width / 2, h!.y + h!.height / 2);
    await page.mouse.down();
    await page.mouse.move(h!.x + h!.width / 2, h!.y + 20, { steps: 4 });
    await page.mouse.move(h!.x + h!.width / 2, 595, { steps: 10 });
    await page.waitForTimeout(3000);
    const during = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.keyboard.press("Escape");
    await page.mouse.up();
    // The dragged card stays inside the list: the page keeps its height (a little slack for the drop indicator).
    expect(during).toBeLessThanOrEqual(before + 50);
  });

  test("route colours come from names: an undeploy recolours nothing", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])], { split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }], shadows: [{ route: "stable", percent: 25 }] })], {
      defaultRule: { strategy: "random", split: [{ route: "stable", weight: 50 }, { route: "shadow", weight: 50 }], shadows: [] },
    });
    await page.goto(`/projects/${project}/routers/${router}?tab=routes`);
    const before = { stable: await colourOf(page, "route-row-stable"), shadow: await colourOf(page, "route-row-shadow") };

    await page.getByRole("button", { name: "Undeploy route canary" }).click();
    const wizard = page.getByRole("dialog");
    for (let i = 0; i < 3; i++) await wizard.getByRole("button", { name: /^(Next|Preview)$/ }).click();
    await expect(wizard.getByTestId("undeploy-preview")).toBeVisible();
    // Rule a keeps only stable, which it also shadows to: that shadow would never fire.
    await expect(wizard.getByTestId("idle-shadow-warning")).toContainText("stable");
    await wizard.getByRole("button", { name: "Next" }).click();
    await wizard.getByTestId("undeploy-apply").click();
    await expect(page.getByTestId("route-row-canary")).toBeHidden();
    expect(await colourOf(page, "route-row-stable")).toBe(before.stable);
    expect(await colourOf(page, "route-row-shadow")).toBe(before.shadow);
  });

  test("at 1024 px the routes and tokens tables fit, URLs on one line and every action visible", async ({ page, seed, adminApi }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])])], {
      routes: [
        { name: "stable", url: "http://model-serving.internal.example.com:8080/v2/models/fraud-detector/versions/7/infer" },
        { name: "canary", url: "http://127.0.0.1:9002" },
        { name: "shadow", url: "http://127.0.0.1:9003" },
      ],
    });
    await page.goto(`/projects/${project}/routers/${router}?tab=routes`);
    const row = page.getByTestId("route-row-stable");
    const url = row.getByTestId("route-url");
    const urlBox = await url.boundingBox();
    expect(urlBox!.height).toBeLessThan(24);
    const del = page.getByRole("button", { name: "Delete route stable" });
    await expect(del).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: "test-results/screens/routes-1024.png", fullPage: true });

    await seed.token(project, "write");
    await page.goto(`/projects/${project}/tokens`);
    const table = page.getByTestId("tokens-table");
    await expect(table).toBeVisible();
    const overflow = await table.evaluate((t) => {
      const box = t.parentElement!;
      return box.scrollWidth - box.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByRole("button", { name: /^Revoke / }).first()).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: "test-results/screens/tokens-1024.png", fullPage: true });
  });

  test("the simulator's placeholders read as hints; loading diff areas say what they wait for", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("r");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])])]);
    await page.goto(`/projects/${project}/routers/${router}?tab=simulator`);
    const form = page.getByTestId("simulator-form");
    await form.getByRole("button", { name: /add header/i }).click();
    await expect(form.getByRole("textbox", { name: "Header 1 name" })).toHaveAttribute("placeholder", "Header name");
    await expect(form.getByRole("textbox", { name: "JSON payload" })).toHaveAttribute("placeholder", /^A JSON object/);

    // The deploy dialog reads the draft and its analysis afresh when it opens: slow that read down.
    await page.route(`**${routerApi(project, router)}/analysis`, async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await r.continue();
    });
    await page.getByTestId("deploy-button").click();
    await expect(page.getByRole("dialog").getByRole("status").filter({ hasText: /Loading/ }).first()).toBeVisible();
  });
});
