// Signed in as the administrator, who owns the demo project (e2e/fixtures.ts).
import { expect, test } from "./fixtures";

const demoRouters = ["ray-canary", "dataiku-sticky", "qwak-audiences", "turing-geo", "turing-overlap"];

test("the home page lists the demo project and its routers", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  const demo = page.getByTestId("project-card-demo");
  await expect(demo).toBeVisible();
  for (const router of demoRouters) {
    await expect(demo.getByTestId(`router-row-${router}`)).toBeVisible();
  }
  // Deployed routers show their active version; the draft-only one says it is not deployed.
  await expect(demo.getByTestId("router-row-dataiku-sticky")).toContainText("v3");
  await expect(demo.getByTestId("router-row-turing-overlap")).toContainText(/not deployed/i);
  await page.screenshot({ path: "test-results/screens/home.png", fullPage: true });
});

test("a router page shows its rules in priority order with the default rule last", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("project-card-demo").getByRole("link", { name: "qwak-audiences" }).click();
  await expect(page).toHaveURL(/\/projects\/demo\/routers\/qwak-audiences$/);
  await expect(page.getByRole("heading", { name: "qwak-audiences" })).toBeVisible();
  await expect(page.getByText("new-york-users")).toBeVisible();
  await expect(page.getByText(/default/i).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screens/router.png", fullPage: true });
});

test("an unknown project is a 404 page, not a crash", async ({ page }) => {
  const response = await page.goto("/projects/does-not-exist");
  expect(response?.status()).toBe(404);
});
