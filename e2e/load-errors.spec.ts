import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * When the console cannot load a list it says which one, why, and offers a retry that
 * recovers once the API answers again. Each case fails the list's first request.
 */
const cases = [
  { what: "tokens", page: (p: string) => `/projects/${p}/tokens`, api: (p: string) => `**/api/v1/projects/${p}/tokens`, loaded: (page: Page) => page.getByRole("heading", { name: "No tokens yet" }) },
  { what: "users", page: () => "/admin/users", api: () => "**/api/v1/users", loaded: (page: Page) => page.getByTestId("users-table") },
  { what: "members", page: (p: string) => `/projects/${p}/settings`, api: (p: string) => `**/api/v1/projects/${p}/members`, loaded: (page: Page) => page.getByTestId("members-table") },
];

for (const c of cases) {
  test(`the ${c.what} list explains a failed load and recovers on "Try again"`, async ({ page, seed }) => {
    const project = await seed.project();
    let failing = true;
    await page.route(c.api(project), async (route) => {
      if (!failing || route.request().method() !== "GET") return route.fallback();
      await route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, code: "busy", detail: "the database is busy" }),
      });
    });

    await page.goto(c.page(project));
    const alert = page.getByRole("alert").filter({ hasText: `The ${c.what} could not be loaded.` });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("The database is busy");

    failing = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await expect(alert).toHaveCount(0);
    await expect(c.loaded(page)).toBeVisible();
  });
}
