import { expect, screens, test, unique } from "./fixtures";
import { deploy, getConfig, json, routerApi } from "./router-helpers";
import { card, header, liveRegion, openRules, pickUp, PointerDrag, routerWith, rule, ruleOrder, shownWeights, sum } from "./rules-support";

test.describe("rule editor", () => {
  // Tall enough that every card stays in view: drags measure the layout before they start.
  test.use({ viewport: { width: 1280, height: 1600 } });

  test("adds a rule through the dialog: conditions, regex check, split, shadow; server errors show inline", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [rule("existing", [header("x-team", ["ops"])])]);
    await openRules(page, project, router);

    await page.getByRole("button", { name: "Add rule" }).click();
    const dialog = page.getByTestId("rule-dialog");
    await expect(dialog.getByRole("heading", { name: "New rule" })).toBeVisible();
    // A name the server already has: its 409 comes back next to the field.
    await dialog.getByLabel("Name").fill("existing");

    // Condition 1: header x-beta is one of [yes]
    await dialog.getByRole("button", { name: "Add condition" }).click();
    await dialog.getByLabel("Key of condition 1").fill("x-beta");
    await dialog.getByLabel("Add a value to condition 1").fill("yes");
    await dialog.getByLabel("Add a value to condition 1").press("Enter");
    await expect(dialog.getByTestId("value-chip")).toHaveText(["yes"]);

    // Condition 2: a regex, checked as you type with the engine's RE2.
    await dialog.getByRole("button", { name: "Add condition" }).click();
    await dialog.getByLabel("Source of condition 2").selectOption("query");
    await dialog.getByLabel("Key of condition 2").fill("client");
    await dialog.getByLabel("Operator of condition 2").selectOption("regex");
    const pattern = dialog.getByLabel("Add a value to condition 2");
    await pattern.fill("v(1|2");
    await expect(dialog.getByRole("alert").filter({ hasText: "Invalid RE2 pattern" })).toBeVisible();
    await pattern.press("Enter"); // refused while invalid
    await expect(dialog.getByTestId("value-chip")).toHaveCount(1);
    // Valid RE2 but over the caps the server enforces (422): said under the field, refused the same way.
    await pattern.fill("v{1000}");
    await expect(dialog.getByRole("alert").filter({ hasText: "a repetition count may be at most 100" })).toBeVisible();
    await pattern.press("Enter");
    await expect(dialog.getByTestId("value-chip")).toHaveCount(1);
    await pattern.fill("v".repeat(513));
    await expect(dialog.getByRole("alert").filter({ hasText: "a regex must be at most 512 characters (this one has 513)" })).toBeVisible();
    await pattern.fill("v(1|2)\\..*");
    await expect(dialog.getByText("Invalid RE2 pattern")).toHaveCount(0);
    await pattern.press("Enter");
    await expect(dialog.getByTestId("value-chip")).toHaveCount(2);

    // Condition 3: payload user.age in range 18–30.
    await dialog.getByRole("button", { name: "Add condition" }).click();
    await dialog.getByLabel("Source of condition 3").selectOption("payload");
    await dialog.getByLabel("Key of condition 3").fill("user.age");
    await dialog.getByLabel("Operator of condition 3").selectOption("range");
    await dialog.getByLabel("Minimum of condition 3").fill("18");
    await dialog.getByLabel("Maximum of condition 3").fill("30");

    // 75 / 25 to stable / canary, and 10 % mirrored to shadow.
    await dialog.getByLabel("Route to add to the split").selectOption("canary");
    await dialog.getByRole("button", { name: "Add route" }).click();
    await dialog.getByRole("spinbutton", { name: "Weight of canary in percent" }).fill("25");
    expect(await shownWeights(page, ["stable", "canary"])).toEqual({ stable: 7500, canary: 2500 });
    await dialog.getByLabel("Route to mirror traffic to").selectOption("shadow");
    await dialog.getByRole("button", { name: "Add shadow" }).click();
    await dialog.getByRole("spinbutton", { name: "Shadow share to shadow in percent" }).fill("12.5");
    await dialog.getByLabel("Sticky").check();

    const typedName = await dialog.getByLabel("Name").inputValue();
    await dialog.getByLabel("Name").fill("order");
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog.locator("#rule-name-error")).toContainText("reserved");
    await dialog.getByLabel("Name").fill(typedName);

    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog.locator("#rule-name-error")).toContainText("already exists");
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await dialog.getByLabel("Name").fill("beta-users");
    await page.screenshot({ path: screens("rule-editor-dialog"), fullPage: false });
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toBeHidden();
    await expect(card(page, "beta-users")).toBeVisible();
    await expect(page.getByTestId("priority-beta-users")).toContainText("2");

    const config = await getConfig(adminApi, project, router);
    expect(config.rules.map((r) => r.name)).toEqual(["existing", "beta-users"]);
    expect(config.rules[1]).toMatchObject({
      name: "beta-users",
      strategy: "sticky",
      conditions: [
        { source: "header", key: "x-beta", operator: "in", values: ["yes"] },
        { source: "query", key: "client", operator: "regex", values: ["v(1|2)\\..*"] },
        { source: "payload", key: "user.age", operator: "range", values: [18, 30] },
      ],
      split: [
        { route: "stable", weight: 75 },
        { route: "canary", weight: 25 },
      ],
      shadows: [{ route: "shadow", percent: 12.5 }],
    });
    await page.screenshot({ path: screens("rule-editor"), fullPage: true });
  });

  test("reorders by pointer and by keyboard, and the API has the new order", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    const group = (v: string) => [header("x-group", [v])];
    await routerWith(adminApi, project, router, [rule("a", group("a")), rule("b", group("b")), rule("c", group("c"))]);
    await openRules(page, project, router);

    // Pointer: c to the top.
    const drag = await PointerDrag.start(page, "c", ["a", "b", "c"]);
    await drag.hover("b");
    await drag.hover("a");
    await expect(page.getByTestId("priority-c")).toHaveText(/1$/);
    await drag.drop();
    await expect.poll(() => ruleOrder(adminApi, project, router)).toEqual(["c", "a", "b"]);
    await expect(page.getByTestId("rule-list").getByRole("article")).toHaveCount(3);

    // Keyboard: a one place down (Space, ArrowDown, Space), announced to screen readers.
    await pickUp(page, "a");
    await expect(liveRegion(page)).toContainText("Picked up rule a, at position 2 of 3");
    await page.keyboard.press("ArrowDown");
    await expect(liveRegion(page)).toContainText("Rule a moved to position 3 of 3");
    const saved = page.waitForResponse((r) => r.url().endsWith("/rules/order") && r.request().method() === "PUT");
    await page.keyboard.press("Space");
    await expect(liveRegion(page)).toContainText("Rule a dropped at position 3 of 3");
    expect((await saved).status()).toBe(200);
    await expect.poll(() => ruleOrder(adminApi, project, router)).toEqual(["c", "b", "a"]);

    // And back up with the keyboard, two places — once the drop's answer is in and the cards
    // have slid into place: the keyboard sensor measures them when a rule is picked up, and a
    // card still sliding is measured where it was.
    await expect(page.getByTestId("priority-a")).toHaveText(/3$/);
    await page.getByTestId("rule-list").evaluate((list) => Promise.all(list.getAnimations({ subtree: true }).map((a) => a.finished)));
    await pickUp(page, "a");
    await expect(liveRegion(page)).toContainText("Picked up rule a, at position 3 of 3");
    await page.keyboard.press("ArrowUp");
    await expect(liveRegion(page)).toContainText("moved to position 2 of 3");
    await page.keyboard.press("ArrowUp");
    await expect(liveRegion(page)).toContainText("moved to position 1 of 3");
    await page.keyboard.press("Space");
    await expect.poll(() => ruleOrder(adminApi, project, router)).toEqual(["a", "c", "b"]);
    await expect(page.getByTestId("priority-a")).toHaveText(/1$/);
  });

  test("an overlap warning appears and disappears live while dragging; the witness is on demand", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    // "narrow" is hidden by "broad" (every request it matches, broad takes first); "us" overlaps neither.
    await routerWith(adminApi, project, router, [
      rule("broad", [header("x-country", ["fr", "de"])]),
      rule("narrow", [header("x-country", ["fr"])], { split: [{ route: "canary", weight: 100 }] }),
      rule("us", [header("x-country", ["us"])]),
    ]);
    await openRules(page, project, router);
    const overlapOnNarrow = page.getByTestId("overlap-badge-narrow-broad");
    const overlapOnBroad = page.getByTestId("overlap-badge-broad-narrow");
    await expect(page.getByTestId("unreachable-badge-narrow")).toHaveText(/hidden by broad/);
    await expect(overlapOnNarrow).toHaveCount(0);

    const drag = await PointerDrag.start(page, "narrow", ["broad", "narrow", "us"]);
    await drag.hover("broad");
    // With narrow first, the two only overlap: a warning on both cards, and narrow is reachable.
    await expect(overlapOnNarrow).toBeVisible();
    await expect(overlapOnBroad).toBeVisible();
    await expect(page.getByTestId("unreachable-badge-narrow")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Findings if dropped here" })).toBeVisible();
    await expect(page.getByTestId("findings-diff")).toContainText("resolved here");
    await page.screenshot({ path: screens("rule-editor-dragging"), fullPage: false });

    await drag.hover("narrow");
    await expect(overlapOnNarrow).toHaveCount(0);
    await expect(overlapOnBroad).toHaveCount(0);
    await expect(page.getByTestId("unreachable-badge-narrow")).toBeVisible();

    await drag.hover("broad");
    await expect(overlapOnBroad).toBeVisible();
    await drag.cancel();
    await expect(liveRegion(page)).toContainText("Reordering cancelled");
    await expect(overlapOnBroad).toHaveCount(0);
    await expect(page.getByTestId("unreachable-badge-narrow")).toBeVisible();
    expect(await ruleOrder(adminApi, project, router)).toEqual(["broad", "narrow", "us"]);

    // Drop it there for real (keyboard), then ask for the example request.
    await pickUp(page, "narrow");
    await page.keyboard.press("ArrowUp");
    await expect(liveRegion(page)).toContainText("moved to position 1 of 3");
    await page.keyboard.press("Space");
    await expect.poll(() => ruleOrder(adminApi, project, router)).toEqual(["narrow", "broad", "us"]);
    await overlapOnBroad.click();
    const witness = page.getByTestId("witness-dialog");
    await expect(witness.getByRole("heading", { name: "narrow and broad overlap" })).toBeVisible();
    const request = JSON.parse(await witness.getByTestId("witness-json").innerText()) as { headers: Record<string, string> };
    expect(request.headers["x-country"]).toBe("fr");
    await page.screenshot({ path: screens("rule-editor-witness"), fullPage: false });
    await witness.getByRole("button", { name: "Go to broad" }).click();
    await expect(card(page, "broad")).toBeFocused();
  });

  test("sliders always sum to 100 and a locked route stays fixed; sticky users moved are shown", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [
      rule("three-way", [header("x-exp", ["on"])], {
        strategy: "sticky",
        split: [
          { route: "stable", weight: 50 },
          { route: "canary", weight: 30 },
          { route: "shadow", weight: 20 },
        ],
      }),
    ]);
    await deploy(adminApi, project, router, "three-way split");
    await openRules(page, project, router);
    await page.getByRole("button", { name: "Edit rule three-way" }).click();
    const dialog = page.getByTestId("rule-dialog");
    const routes = ["stable", "canary", "shadow"];
    expect(await shownWeights(page, routes)).toEqual({ stable: 5000, canary: 3000, shadow: 2000 });
    await expect(dialog.getByTestId("sticky-impact")).toContainText("0 % of sticky users will change route");

    // Lock canary, then move stable with the keyboard: only shadow gives way.
    await dialog.getByRole("button", { name: "Lock weight of canary" }).click();
    await expect(dialog.getByRole("button", { name: "Lock weight of canary" })).toHaveAttribute("aria-pressed", "true");
    const stable = dialog.getByRole("slider", { name: "Weight of stable" });
    await stable.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    let w = await shownWeights(page, routes);
    expect(w).toEqual({ stable: 5500, canary: 3000, shadow: 1500 });
    expect(sum(w)).toBe(10_000);
    await expect(stable).toHaveAttribute("aria-valuenow", "55");
    await page.keyboard.press("PageUp");
    await page.keyboard.press("PageUp");
    w = await shownWeights(page, routes);
    expect(w).toEqual({ stable: 7000, canary: 3000, shadow: 0 }); // clamped: canary keeps its 30 %
    await expect(dialog.getByTestId("split-total")).toHaveText("Total 100 %");

    // The numeric field takes 0.01 % steps.
    await dialog.getByRole("spinbutton", { name: "Weight of shadow in percent" }).fill("12.34");
    w = await shownWeights(page, routes);
    expect(w).toEqual({ stable: 5766, canary: 3000, shadow: 1234 });
    expect(sum(w)).toBe(10_000);

    // Unlocked again, moving stable rebalances both others in proportion (30 : 12.34).
    await dialog.getByRole("button", { name: "Lock weight of canary" }).click();
    await dialog.getByRole("spinbutton", { name: "Weight of stable in percent" }).fill("50");
    w = await shownWeights(page, routes);
    expect(w.stable).toBe(5000);
    expect(sum(w)).toBe(10_000);
    expect(Math.abs(w.canary! / w.shadow! - 3000 / 1234)).toBeLessThan(0.01);

    // Against version 1 (50 / 30 / 20), the minimum moves: |Δ| / 2 of the keys.
    const moved = (Math.abs(w.stable! - 5000) + Math.abs(w.canary! - 3000) + Math.abs(w.shadow! - 2000)) / 2 / 100;
    await expect(dialog.getByTestId("sticky-impact")).toContainText(`${moved.toFixed(2).replace(/\.?0+$/, "")} % of sticky users will change route`);
    await page.screenshot({ path: screens("rule-editor-sliders"), fullPage: false });

    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    const config = await getConfig(adminApi, project, router);
    expect(config.rules[0]!.split).toEqual([
      { route: "stable", weight: w.stable! / 100 },
      { route: "canary", weight: w.canary! / 100 },
      { route: "shadow", weight: w.shadow! / 100 },
    ]);
  });

  test("deletes a rule after confirmation, and rolls a refused reorder back with a reload offer", async ({ page, seed, adminApi }) => {
    const project = await seed.project();
    const router = unique("rt");
    const group = (v: string) => [header("x-group", [v])];
    await routerWith(adminApi, project, router, [rule("a", group("a")), rule("b", group("b")), rule("gone", group("z"))]);
    await openRules(page, project, router);

    await page.getByRole("button", { name: "Delete rule gone" }).click();
    const confirm = page.getByTestId("delete-rule-dialog");
    await expect(confirm).toContainText("Delete rule gone?");
    await confirm.getByRole("button", { name: "Delete rule" }).click();
    await expect(card(page, "gone")).toHaveCount(0);
    await expect.poll(() => ruleOrder(adminApi, project, router)).toEqual(["a", "b"]);

    // Someone else changes the router behind the page's back: the next reorder gets 412.
    const revision = (await adminApi.get(`${routerApi(project, router)}/rules`)).headers().etag!;
    await json(await adminApi.put(`${routerApi(project, router)}/rules/order`, { data: { order: ["b", "a"] }, headers: { "if-match": revision } }), "reorder behind the page");
    await pickUp(page, "b");
    await page.keyboard.press("ArrowUp");
    await expect(liveRegion(page)).toContainText("moved to position 1 of 2");
    await page.keyboard.press("Space");
    const toast = page.getByText("Someone else changed this router — reload");
    await expect(toast).toBeVisible();
    // Rolled back to what the page had: a first, b second.
    await expect(page.getByTestId("priority-a")).toHaveText(/1$/);
    await page.getByRole("button", { name: "Reload" }).click();
    await expect(page.getByTestId("priority-b")).toHaveText(/1$/);
    expect(await ruleOrder(adminApi, project, router)).toEqual(["b", "a"]);
  });

  test("a viewer sees the rules and findings without editing controls", async ({ seed, adminApi, pageAs }) => {
    const project = await seed.project();
    const router = unique("rt");
    await routerWith(adminApi, project, router, [rule("a", [header("x-a", ["1"])]), rule("b", [header("x-a", ["1", "2"])])]);
    const viewer = await seed.user();
    await seed.member(project, viewer.email, "viewer");
    const page = await pageAs(viewer);
    await openRules(page, project, router);
    await expect(card(page, "a")).toBeVisible();
    await expect(page.getByTestId("overlap-badge-a-b")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Reorder / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add rule" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Edit rule / })).toHaveCount(0);
  });
});
