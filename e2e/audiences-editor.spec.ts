import type { APIRequestContext } from "@playwright/test";
import { expect, screens, test, unique } from "./fixtures";
import { json, routerApi } from "./router-helpers";
import { header, openRules, routerWith, rule } from "./rules-support";

type Decision = { rule?: string; route?: string };

async function decide(api: APIRequestContext, project: string, router: string, headers: Record<string, string>): Promise<Decision> {
  const result = await json<{ decision: Decision }>(await api.post(`${routerApi(project, router)}/simulate`, { data: { request: { headers } } }), "simulate");
  return result.decision;
}

async function findingCodes(api: APIRequestContext, project: string, router: string): Promise<string[]> {
  const analysis = await json<{ findings: { code: string; rules?: string[] }[] }>(await api.get(`${routerApi(project, router)}/analysis`), "analysis");
  return analysis.findings.map((f) => `${f.code}:${(f.rules ?? []).join(",")}`);
}

test.describe("audiences", () => {
  test("one audience reused by two routers: editing it changes both routers' decisions and analysis", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const vips = { name: "vips", description: "Paying customers", conditions: [header("x-tier", ["gold"])] };
    const [r1, r2] = [unique("checkout"), unique("search")];
    // Both routers send the audience to canary; r1 also has a later rule for platinum users.
    await routerWith(adminApi, project, r1, [rule("vip", [], { audience: "vips", split: [{ route: "canary", weight: 100 }] }), rule("platinum", [header("x-tier", ["platinum"])])], {
      audiences: [vips],
    });
    await routerWith(adminApi, project, r2, [rule("vip-search", [], { audience: "vips", split: [{ route: "canary", weight: 100 }] })], { audiences: [vips] });

    expect((await decide(adminApi, project, r1, { "x-tier": "platinum" })).rule).toBe("platinum");
    expect((await decide(adminApi, project, r2, { "x-tier": "platinum" })).rule).toBe("default");
    expect(await findingCodes(adminApi, project, r1)).not.toContain("unreachable_rule:platinum,vip");

    await page.goto(`/projects/${project}/audiences`);
    const row = page.getByTestId("audience-row-vips");
    await expect(row).toBeVisible();
    await expect(page.getByTestId("audience-used-by-vips")).toContainText(`${r1} / vip`);
    await expect(page.getByTestId("audience-used-by-vips")).toContainText(`${r2} / vip-search`);

    // Platinum users become VIPs too.
    await row.getByRole("button", { name: "Edit audience vips" }).click();
    const dialog = page.getByTestId("audience-dialog");
    await expect(dialog).toContainText("Used by 2 rules in 2 routers");
    await dialog.getByLabel("Add a value to condition 1").fill("platinum");
    await dialog.getByLabel("Add a value to condition 1").press("Enter");
    await page.screenshot({ path: screens("audience-editor"), fullPage: false });
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText("platinum");

    // Both routers now route platinum users through their audience rule…
    expect(await decide(adminApi, project, r1, { "x-tier": "platinum" })).toMatchObject({ rule: "vip", route: "canary" });
    expect(await decide(adminApi, project, r2, { "x-tier": "platinum" })).toMatchObject({ rule: "vip-search", route: "canary" });
    // …and r1's platinum rule is now hidden behind the audience rule.
    expect(await findingCodes(adminApi, project, r1)).toContain("unreachable_rule:platinum,vip");

    // The rules editor shows it too: the audience's new conditions and the unreachable rule.
    await openRules(page, project, r1);
    await expect(page.getByTestId("rule-card-vip")).toContainText("platinum");
    await expect(page.getByTestId("unreachable-badge-platinum")).toHaveText(/hidden by vip/);
    await openRules(page, project, r2);
    await expect(page.getByTestId("rule-card-vip-search")).toContainText("platinum");
  });

  test("create, validate, delete; an audience in use cannot be deleted and the server says why", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [rule("eu", [], { audience: "europe" })], {
      audiences: [{ name: "europe", conditions: [header("x-region", ["eu"])] }],
    });
    await page.goto(`/projects/${project}/audiences`);

    // Create one through the form, with a local error first (range needs two numbers).
    await page.getByRole("button", { name: "New audience" }).click();
    const dialog = page.getByTestId("audience-dialog");
    await dialog.getByLabel("Name").fill("young-adults");
    await dialog.getByLabel("Source of condition 1").selectOption("payload");
    await dialog.getByLabel("Key of condition 1").fill("user.age");
    await dialog.getByLabel("Operator of condition 1").selectOption("range");
    await dialog.getByLabel("Minimum of condition 1").fill("18");
    await dialog.getByRole("button", { name: "Create audience" }).click();
    await expect(dialog.getByText("range takes exactly two numbers")).toBeVisible();
    await dialog.getByLabel("Maximum of condition 1").fill("25");
    await dialog.getByRole("button", { name: "Create audience" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("audience-row-young-adults")).toContainText("18–25");
    await expect(page.getByTestId("audience-used-by-young-adults")).toHaveText("unused");

    // The rule editor offers it; choosing it copies it into the router's draft.
    await openRules(page, project, router);
    await page.getByRole("button", { name: "Add rule" }).click();
    const ruleDialog = page.getByTestId("rule-dialog");
    await ruleDialog.getByLabel("Name").fill("young");
    await ruleDialog.getByLabel("Audience").selectOption("young-adults");
    await expect(ruleDialog.getByTestId("condition-chip").first()).toContainText("user.age");
    await ruleDialog.getByRole("button", { name: "Create rule" }).click();
    await expect(ruleDialog).toBeHidden();
    await expect(page.getByTestId("rule-card-young")).toContainText("young-adults");
    const rules = await json<{ items: { name: string; audience?: string }[] }>(await adminApi.get(`${routerApi(project, router)}/rules`), "rules");
    expect(rules.items.find((r) => r.name === "young")?.audience).toBe("young-adults");

    // In use: the server refuses, and its message is shown.
    await page.goto(`/projects/${project}/audiences`);
    await page.getByRole("button", { name: "Delete audience europe" }).click();
    const confirm = page.getByTestId("delete-audience-dialog");
    await confirm.getByRole("button", { name: "Delete audience" }).click();
    await expect(confirm.getByTestId("delete-audience-error")).toContainText(`used by ${router}/eu`);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("audience-row-europe")).toBeVisible();

    // Unused: gone.
    await adminApi.delete(`${routerApi(project, router)}/rules/young`);
    await page.reload();
    await page.getByRole("button", { name: "Delete audience young-adults" }).click();
    await confirm.getByRole("button", { name: "Delete audience" }).click();
    await expect(page.getByTestId("audience-row-young-adults")).toHaveCount(0);
  });

  test("viewers see audiences and their uses, without edit controls", async ({ seed, adminApi, pageAs }) => {
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [rule("eu", [], { audience: "europe" })], {
      audiences: [{ name: "europe", conditions: [header("x-region", ["eu"])] }],
    });
    const viewer = await seed.user();
    await seed.member(project, viewer.email, "viewer");
    const page = await pageAs(viewer);
    await page.goto(`/projects/${project}/audiences`);
    await expect(page.getByTestId("audience-row-europe")).toBeVisible();
    await expect(page.getByTestId("audience-used-by-europe")).toContainText(`${router} / eu`);
    await expect(page.getByRole("button", { name: "New audience" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete) audience/ })).toHaveCount(0);
  });
});
