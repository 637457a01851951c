/**
 * The sign-in-and-edit journey of the specs that open the console at another address than
 * the suite's http://localhost (127.0.0.1, a host name behind nginx): signed out, the router
 * page sends the user to the login page and back, and a rule edit is saved.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, unique, type Account, type Seed } from "./fixtures";
import { getConfig } from "./router-helpers";
import { header, rule, routerWith } from "./rules-support";

/** A project with a router whose rule `beta` splits 90/10, and an editor of it. */
export async function editableRouter(seed: Seed, adminApi: APIRequestContext): Promise<{ project: string; router: string; editor: Account }> {
  const project = await seed.project();
  const router = unique("rt");
  await routerWith(adminApi, project, router, [
    rule("beta", [header("x-beta", ["1"])], { split: [{ route: "stable", weight: 90 }, { route: "canary", weight: 10 }] }),
  ]);
  const editor = await seed.user();
  await seed.member(project, editor.email, "editor");
  return { project, router, editor };
}

export async function signInAndSaveRule(page: Page, origin: string, adminApi: APIRequestContext, target: { project: string; router: string; editor: Account }): Promise<void> {
  const { project, router, editor } = target;
  const rulesPath = `/projects/${project}/routers/${router}?tab=rules`;
  await page.goto(`${origin}${rulesPath}`);
  // The redirect stays on the address the browser used.
  await expect(page).toHaveURL(`${origin}/login?next=${encodeURIComponent(rulesPath)}`);
  await page.getByLabel("Email").fill(editor.email);
  await page.getByLabel("Password").fill(editor.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signing in hashes the password: on a busy machine that alone can take seconds.
  await expect(page).toHaveURL(`${origin}${rulesPath}`, { timeout: 30_000 });
  await expect(page.getByTestId("signed-in-user")).toContainText(editor.email);

  await expect(page.getByTestId("rules-editor")).toBeVisible();
  await expect(page.getByTestId("findings-panel-count")).toHaveText(/^\d+$/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Edit rule beta" }).click();
  const dialog = page.getByTestId("rule-dialog");
  await dialog.getByRole("spinbutton", { name: "Weight of canary in percent" }).fill("25");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const config = await getConfig(adminApi, project, router);
  expect(config.rules[0]!.split).toEqual([
    { route: "stable", weight: 75 },
    { route: "canary", weight: 25 },
  ]);
}
