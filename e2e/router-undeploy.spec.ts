import { expect, test } from "./fixtures";
import { createRouter, getConfig, shot, url, versions } from "./router-helpers";

test("undeploy a route of a three-route router: delete is refused, the wizard previews and applies", async ({ page, seed, adminApi }) => {
  test.setTimeout(90_000);
  const project = await seed.project();
  const router = "three-way";
  await createRouter(adminApi, project, {
    name: router,
    routes: [
      { name: "blue", url: url(9101), timeoutMs: 2000 },
      { name: "green", url: url(9102), timeoutMs: 2000 },
      { name: "red", url: url(9103), timeoutMs: 2000 },
    ],
    rules: [
      {
        name: "eu",
        conditions: [{ source: "payload", key: "region", operator: "in", values: ["eu"] }],
        strategy: "sticky",
        split: [
          { route: "blue", weight: 70 },
          { route: "red", weight: 30 },
        ],
        shadows: [],
      },
      {
        name: "red-only",
        conditions: [{ source: "header", key: "x-red", operator: "in", values: ["1"] }],
        strategy: "random",
        split: [{ route: "red", weight: 100 }],
        shadows: [],
      },
    ],
    defaultRule: {
      strategy: "random",
      split: [
        { route: "blue", weight: 50 },
        { route: "green", weight: 30 },
        { route: "red", weight: 20 },
      ],
      shadows: [{ route: "red", percent: 10 }],
    },
  });

  await page.goto(`/projects/${project}/routers/${router}?tab=routes`);
  await expect(page.getByTestId("route-row-red")).toContainText("red-only");

  // Deleting a route rules still use is refused; the dialog says why and offers the undeploy.
  await page.getByRole("button", { name: "Delete route red" }).click();
  const del = page.getByRole("dialog", { name: "Delete route red?" });
  await del.getByRole("button", { name: "Delete route" }).click();
  await expect(del.getByTestId("route-in-use")).toContainText("still used by");
  await del.getByRole("button", { name: "Undeploy red instead" }).click();

  const wizard = page.getByRole("dialog", { name: "Undeploy a route" });
  await expect(wizard.getByRole("radio", { name: /red/ })).toBeChecked();
  await wizard.getByRole("button", { name: "Next" }).click();

  // Impact: the three rules using it, the one where it is the only route, the shadow.
  await expect(wizard.getByTestId("impact-eu")).toContainText("30 % of its traffic");
  await expect(wizard.getByTestId("impact-red-only")).toContainText("only route");
  await expect(wizard.getByTestId("impact-default")).toContainText("shadow 10 %");
  await wizard.getByRole("button", { name: "Next" }).click();

  // Redistribution: proportional, with a replacement for the rule that only had red.
  await expect(wizard.getByRole("radio", { name: /Proportional/ })).toBeChecked();
  await wizard.getByRole("button", { name: "Preview" }).click();
  await expect(wizard.getByTestId("undeploy-error")).toContainText("replacement");
  await wizard.getByLabel("Replacement route").selectOption("green");
  await wizard.getByRole("button", { name: "Preview" }).click();

  // Preview: the dry run's numbers.
  const preview = wizard.getByTestId("undeploy-preview");
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId("preview-rule-default").getByTestId("preview-after")).toContainText("blue 62.5 %");
  await expect(preview.getByTestId("preview-rule-default").getByTestId("preview-after")).toContainText("green 37.5 %");
  await expect(preview.getByTestId("preview-rule-default").getByTestId("preview-after")).toContainText("shadows: none");
  await expect(preview.getByTestId("preview-rule-eu").getByTestId("preview-after")).toContainText("blue 100 %");
  await expect(preview.getByTestId("preview-rule-eu").getByTestId("preview-sticky")).toContainText("30 % of keys change route");
  await expect(preview.getByTestId("preview-rule-red-only")).toContainText("replaced");
  await expect(preview.getByTestId("preview-rule-red-only").getByTestId("preview-after")).toContainText("green 100 %");
  await shot(page, "router-undeploy-preview");

  // Apply, and deploy right away.
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByLabel("Deploy right away").check();
  await wizard.getByLabel("Deploy message").fill("Retire red");
  await wizard.getByTestId("undeploy-apply").click();
  await expect(page.getByText("Route red undeployed from the draft")).toBeVisible();
  await expect(page.getByText("Deployed version 1")).toBeVisible();
  await expect(wizard).toBeHidden();
  await expect(page.getByTestId("route-row-red")).toHaveCount(0);
  await expect(page.getByTestId("active-version")).toHaveText("v1 active");

  // The draft, as the API returns it.
  const config = await getConfig(adminApi, project, router);
  expect(config.routes.map((r) => r.name)).toEqual(["blue", "green"]);
  expect(config.defaultRule.split).toEqual([
    { route: "blue", weight: 62.5 },
    { route: "green", weight: 37.5 },
  ]);
  expect(config.defaultRule.shadows).toEqual([]);
  expect(config.rules.find((r) => r.name === "eu")?.split).toEqual([{ route: "blue", weight: 100 }]);
  expect(config.rules.find((r) => r.name === "red-only")?.split).toEqual([{ route: "green", weight: 100 }]);
  expect((await versions(adminApi, project, router)).map((v) => [v.number, v.message, v.active])).toEqual([[1, "Retire red", true]]);
});

test("manual redistribution keeps each rule's weights at 100", async ({ page, seed, adminApi }) => {
  const project = await seed.project();
  const router = "manual";
  await createRouter(adminApi, project, {
    name: router,
    routes: [
      { name: "a", url: url(9201), timeoutMs: 2000 },
      { name: "b", url: url(9202), timeoutMs: 2000 },
      { name: "c", url: url(9203), timeoutMs: 2000 },
    ],
    defaultRule: {
      strategy: "random",
      split: [
        { route: "a", weight: 40 },
        { route: "b", weight: 40 },
        { route: "c", weight: 20 },
      ],
      shadows: [],
    },
  });
  await page.goto(`/projects/${project}/routers/${router}?tab=routes`);
  await page.getByRole("button", { name: "Undeploy route c" }).click();
  const wizard = page.getByRole("dialog", { name: "Undeploy a route" });
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("radio", { name: /Manual/ }).check();
  const weightA = wizard.getByLabel("Weight of a in default rule (percent)");
  const weightB = wizard.getByLabel("Weight of b in default rule (percent)");
  await expect(weightA).toHaveValue("50");
  await weightA.fill("75");
  await expect(weightB).toHaveValue("25");
  await expect(wizard.getByTestId("manual-default")).toContainText("Total 100 %");
  await wizard.getByRole("button", { name: "Preview" }).click();
  await expect(wizard.getByTestId("preview-rule-default").getByTestId("preview-after")).toContainText("a 75 %");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByTestId("undeploy-apply").click();
  await expect(wizard).toBeHidden();
  const config = await getConfig(adminApi, project, router);
  expect(config.defaultRule.split).toEqual([
    { route: "a", weight: 75 },
    { route: "b", weight: 25 },
  ]);
  await expect(page.getByTestId("active-version")).toHaveText("not deployed");
});
