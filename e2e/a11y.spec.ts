import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, unique } from "./fixtures";
import { deploy, json, routerApi, url } from "./router-helpers";
import { card, header, openRules, routerWith, rule } from "./rules-support";

/** Serious and critical violations on what the page shows now (open dialogs included). */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

/** A router whose rules overlap and shadow, so badges, findings and shadows are on screen. */
async function sampleRouter(adminApi: Parameters<typeof routerWith>[0], project: string): Promise<string> {
  const router = unique("r");
  await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])]), rule("b", [header("x-a", ["1", "2"])], { shadows: [{ route: "canary", percent: 25 }] })]);
  return router;
}

const PAGES: [string, (p: { project: string; router: string }) => string][] = [
  ["home", () => "/"],
  ["project", () => "/projects/demo"],
  ["rules", (p) => `/projects/${p.project}/routers/${p.router}?tab=rules`],
  ["routes", (p) => `/projects/${p.project}/routers/${p.router}?tab=routes`],
  ["simulator", (p) => `/projects/${p.project}/routers/${p.router}?tab=simulator`],
  ["traffic", (p) => `/projects/${p.project}/routers/${p.router}?tab=traffic`],
  ["history", (p) => `/projects/${p.project}/routers/${p.router}?tab=history`],
  ["rollouts", (p) => `/projects/${p.project}/routers/${p.router}?tab=rollouts`],
  ["settings", (p) => `/projects/${p.project}/routers/${p.router}?tab=settings`],
  ["demo-ray-canary", () => "/projects/demo/routers/ray-canary?tab=rules"],
  ["audiences", () => "/projects/demo/audiences"],
  ["project-audit", (p) => `/projects/${p.project}/audit`],
  ["project-settings", (p) => `/projects/${p.project}/settings`],
  ["tokens", (p) => `/projects/${p.project}/tokens`],
  ["users", () => "/admin/users"],
  ["gateways", () => "/admin/gateways"],
  ["audit", () => "/audit"],
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility, ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    for (const [name, path] of PAGES) {
      test(`${name}: no serious or critical axe violation (${scheme})`, async ({ page, seed, adminApi }) => {
        const project = await seed.project();
        const router = await sampleRouter(adminApi, project);
        await page.goto(path({ project, router }));
        await expect(page.locator("main")).toBeVisible();
        await page.waitForLoadState("networkidle");
        expect(await violations(page)).toEqual([]);
        await page.screenshot({ path: `test-results/screens/${scheme}-${name}.png`, fullPage: true });
      });
    }

    test(`API reference: no serious or critical axe violation, in the console's theme (${scheme})`, async ({ page }) => {
      // Scalar parses the whole OpenAPI document in the browser: seconds on a busy machine.
      test.slow();
      await page.goto("/docs/api");
      const body = page.locator("body");
      await expect(body).toHaveClass(new RegExp(`\\b${scheme}-mode\\b`));
      await expect(page.getByRole("heading", { name: "Turnout API" }).first()).toBeVisible({ timeout: 60_000 });
      await page.waitForLoadState("networkidle");
      expect(await violations(page)).toEqual([]);
      await page.screenshot({ path: `test-results/screens/${scheme}-api-reference.png` });
      // The console's toggle (system → light → dark) restyles the reference at once.
      const other = scheme === "dark" ? "light" : "dark";
      const toggle = page.getByTestId("theme-toggle");
      await toggle.click();
      if (scheme === "light") await toggle.click();
      await expect(body).toHaveClass(new RegExp(`\\b${other}-mode\\b`));
      await expect(body).not.toHaveClass(new RegExp(`\\b${scheme}-mode\\b`));
    });

    test(`dialogs: no serious or critical axe violation (${scheme})`, async ({ page, seed, adminApi }) => {
      const project = await seed.project();
      const router = await sampleRouter(adminApi, project);
      const found: Record<string, string[]> = {};
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
      await expect(page.getByTestId("deploy-confirm")).toBeVisible();
      await page.waitForLoadState("networkidle");
      found["deploy-dialog"] = await violations(page);
      await page.screenshot({ path: `test-results/screens/${scheme}-deploy-dialog.png` });
      await page.keyboard.press("Escape");
      await page.goto(`/projects/${project}/routers/${router}?tab=routes`);
      await page.getByRole("button", { name: "Undeploy route canary" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      found["undeploy-wizard"] = await violations(page);
      expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
    });
  });
}

/** Every other dialog: where it opens and the control that opens it. */
const MORE_DIALOGS: [string, (p: { project: string; router: string }) => string, (page: Page) => Promise<void>][] = [
  ["new project", () => "/", (page) => page.getByRole("button", { name: "New project" }).click()],
  ["new router", (p) => `/projects/${p.project}`, (page) => page.getByRole("button", { name: "New router" }).click()],
  ["add route", (p) => `/projects/${p.project}/routers/${p.router}?tab=routes`, (page) => page.getByRole("button", { name: "Add route", exact: true }).click()],
  ["edit route", (p) => `/projects/${p.project}/routers/${p.router}?tab=routes`, (page) => page.getByRole("button", { name: "Edit route canary" }).click()],
  ["delete route", (p) => `/projects/${p.project}/routers/${p.router}?tab=routes`, (page) => page.getByRole("button", { name: "Delete route next" }).click()],
  ["delete rule", (p) => `/projects/${p.project}/routers/${p.router}?tab=rules`, (page) => page.getByRole("button", { name: "Delete rule a" }).click()],
  ["discard draft", (p) => `/projects/${p.project}/routers/${p.router}`, (page) => page.getByTestId("discard-draft").click()],
  ["roll back", (p) => `/projects/${p.project}/routers/${p.router}?tab=history`, (page) => page.getByRole("button", { name: "Roll back to version 1" }).click()],
  ["start rollout", (p) => `/projects/${p.project}/routers/${p.router}?tab=rollouts`, (page) => page.getByRole("button", { name: "Start rollout" }).click()],
  ["delete router", (p) => `/projects/${p.project}/routers/${p.router}?tab=settings`, (page) => page.getByRole("button", { name: "Delete router" }).click()],
  ["delete project", (p) => `/projects/${p.project}/settings`, (page) => page.getByRole("button", { name: "Delete project" }).click()],
  ["new audience", (p) => `/projects/${p.project}/audiences`, (page) => page.getByRole("button", { name: "New audience" }).click()],
  ["create token", (p) => `/projects/${p.project}/tokens`, (page) => page.getByRole("button", { name: "Create token" }).click()],
  ["create user", () => "/admin/users", (page) => page.getByRole("button", { name: "Create user" }).click()],
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`accessibility of every dialog, ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });
    test(`no serious or critical axe violation in any dialog (${scheme})`, async ({ page, seed, adminApi }) => {
      test.setTimeout(180_000);
      const project = await seed.project();
      const router = await sampleRouter(adminApi, project);
      // Two versions and an undeployed change, so roll back and discard have something to show.
      await deploy(adminApi, project, router, "v1");
      await json(await adminApi.put(`${routerApi(project, router)}/default-rule`, { data: { strategy: "random", split: [{ route: "canary", weight: 100 }], shadows: [] } }), "edit");
      await deploy(adminApi, project, router, "v2");
      await json(await adminApi.post(`${routerApi(project, router)}/routes`, { data: { name: "next", url: url(9003) } }), "add route");
      const found: Record<string, string[]> = {};
      for (const [name, path, open] of MORE_DIALOGS) {
        await page.goto(path({ project, router }));
        await open(page);
        const dialog = page.getByRole("dialog").or(page.getByRole("alertdialog"));
        await expect(dialog.first(), name).toBeVisible();
        await page.waitForLoadState("networkidle");
        found[name] = await violations(page);
        await page.keyboard.press("Escape");
      }
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
