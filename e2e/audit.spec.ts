import { expect, test, ADMIN_EMAIL } from "./fixtures";

test("the audit log filters by actor, target and time range, newest first", async ({ page, seed }) => {
  // Nine page loads on two cores.
  test.slow();
  const project = await seed.project();
  const member = await seed.user();
  await seed.member(project, member.email, "viewer");
  const token = await seed.token(project);

  // Each case: the filter form's fields, and what the table then shows.
  const cases: { name: string; fields: Partial<Record<"Actor" | "Target" | "From (UTC)" | "To (UTC)", string>>; expect: { actions?: string[]; empty?: boolean; alert?: RegExp } }[] = [
    { name: "no filter", fields: {}, expect: { actions: ["token.create", "member.add", "project.create"] } },
    { name: "by target", fields: { Target: token.name }, expect: { actions: ["token.create"] } },
    { name: "by target, any case, any part", fields: { Target: member.email.slice(0, 12).toUpperCase() }, expect: { actions: ["member.add"] } },
    { name: "by actor", fields: { Actor: ADMIN_EMAIL.split("@")[0] }, expect: { actions: ["token.create", "member.add", "project.create"] } },
    { name: "by an actor who did nothing", fields: { Actor: member.email }, expect: { empty: true } },
    { name: "from a time after everything", fields: { "From (UTC)": "2999-01-01T00:00" }, expect: { empty: true } },
    { name: "to a time before everything", fields: { "To (UTC)": "2000-01-01T00:00" }, expect: { empty: true } },
    { name: "a range around now", fields: { "From (UTC)": "2000-01-01T00:00", "To (UTC)": "2999-01-01T00:00" }, expect: { actions: ["token.create", "member.add", "project.create"] } },
    { name: "from after to", fields: { "From (UTC)": "2999-01-01T00:00", "To (UTC)": "2000-01-01T00:00" }, expect: { alert: /“From” is after “To”/ } },
  ];

  for (const c of cases) {
    await test.step(c.name, async () => {
      await page.goto(`/projects/${project}/audit`);
      for (const [label, value] of Object.entries(c.fields)) await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/\/audit\?/);
      const rows = page.getByTestId("audit-row");
      if (c.expect.actions) {
        await expect(rows).toHaveCount(c.expect.actions.length);
        for (const [i, action] of c.expect.actions.entries()) await expect(rows.nth(i)).toContainText(action);
      }
      if (c.expect.empty) await expect(page.getByRole("heading", { name: "No matching events" })).toBeVisible();
      if (c.expect.alert) await expect(page.getByRole("alert").filter({ hasText: c.expect.alert })).toBeVisible();
    });
  }
});

test("the audit log of a project is closed to non-members", async ({ seed, pageAs }) => {
  const project = await seed.project();
  const page = await pageAs(await seed.user());
  expect((await page.goto(`/projects/${project}/audit`))?.status()).toBe(403);
  await expect(page.getByTestId("audit-row")).toHaveCount(0);
});
