import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, unique } from "./fixtures";
import { card, header, openRules, routerWith, rule } from "./rules-support";

/** Serious and critical violations on what the page shows now (dialogs included). */
async function violations(page: Page, exclude: string[] = []) {
  let builder = new AxeBuilder({ page });
  for (const e of exclude) builder = builder.exclude(e);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility, ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test(`every page and dialog has no serious or critical axe violation (${scheme})`, async ({ page, seed, adminApi }) => {
      test.setTimeout(240_000);
      const project = await seed.project();
      const router = unique("r");
      await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])]), rule("b", [header("x-a", ["1", "2"])], { shadows: [{ route: "canary", percent: 25 }] })]);
      const base = `/projects/${project}/routers/${router}`;
      const pages: [string, string][] = [
        ["home", "/"],
        ["demo-project", "/projects/demo"],
        ["router-rules", `${base}?tab=rules`],
        ["router-routes", `${base}?tab=routes`],
        ["router-simulator", `${base}?tab=simulator`],
        ["router-traffic", `${base}?tab=traffic`],
        ["router-history", `${base}?tab=history`],
        ["router-settings", `${base}?tab=settings`],
        ["demo-ray-canary", "/projects/demo/routers/ray-canary?tab=rules"],
        ["audiences", `/projects/demo/audiences`],
        ["project-audit", `/projects/${project}/audit`],
        ["project-settings", `/projects/${project}/settings`],
        ["tokens", `/projects/${project}/tokens`],
        ["users", "/admin/users"],
        ["gateways", "/admin/gateways"],
        ["audit", "/audit"],
      ];
      const found: Record<string, string[]> = {};
      for (const [name, path] of pages) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        found[name] = await violations(page);
        await page.screenshot({ path: `test-results/screens/${scheme}-${name}.png`, fullPage: true });
      }

      // Dialogs: rule editor, example request, deploy, add route, undeploy wizard.
      await openRules(page, project, router);
      await card(page, "a").getByRole("button", { name: /edit/i }).click();
      await expect(page.getByTestId("rule-dialog")).toBeVisible();
      found["rule-dialog"] = await violations(page);
      await page.screenshot({ path: `test-results/screens/${scheme}-rule-dialog.png` });
      await page.keyboard.press("Escape");
      await card(page, "b").getByRole("button", { name: /overlaps/i }).first().click();
      await expect(page.getByTestId("witness-dialog")).toBeVisible();
      found["witness-dialog"] = await violations(page);
      await page.keyboard.press("Escape");
      await page.getByTestId("deploy-button").click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await page.waitForLoadState("networkidle");
      found["deploy-dialog"] = await violations(page);
      await page.screenshot({ path: `test-results/screens/${scheme}-deploy-dialog.png` });
      await page.keyboard.press("Escape");
      await page.goto(`${base}?tab=routes`);
      await page.getByRole("button", { name: "Undeploy route canary" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      found["undeploy-wizard"] = await violations(page);
      await page.keyboard.press("Escape");
      await page.goto("/login");

      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
    });
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  test("the login page has no serious or critical axe violation", async ({ page }) => {
    await page.goto("/login");
    expect(await violations(page)).toEqual([]);
  });
});

test("the API reference has no critical axe violation", async ({ page }) => {
  await page.goto("/docs/api");
  await page.waitForLoadState("networkidle");
  const result = await new AxeBuilder({ page }).analyze();
  const critical = result.violations.filter((v) => v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(critical).toEqual([]);
  await page.screenshot({ path: "test-results/screens/api-reference.png" });
});
