import { expect, test } from "./fixtures";

test("a viewer sees no edit controls, and the API refuses their edits", async ({ seed, pageAs }) => {
  const viewer = await seed.user();
  const project = await seed.project({ displayName: "Read only here", description: "Viewers look, owners touch." });
  await seed.member(project, viewer.email, "viewer");

  const page = await pageAs(viewer);
  await page.goto(`/projects/${project}/settings`);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByTestId("your-role")).toHaveText("your role: viewer");
  // The details are shown, not editable.
  await expect(page.getByTestId("project-settings")).toContainText("Read only here");
  await expect(page.getByTestId("project-details-form")).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /save/i })).toHaveCount(0);
  // Members: the list, read-only.
  const members = page.getByTestId("members-card");
  await expect(members.getByTestId(`member-row-${viewer.email}`)).toContainText("viewer");
  await expect(members.getByTestId("add-member-form")).toHaveCount(0);
  await expect(members.getByRole("combobox")).toHaveCount(0);
  await expect(members.getByRole("button", { name: /remove/i })).toHaveCount(0);
  // No Tokens entry, and the tokens page itself is forbidden.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tokens" })).toHaveCount(0);
  const tokensPage = await page.goto(`/projects/${project}/tokens`);
  expect(tokensPage?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);

  // Edits sent from the page itself (same origin, the viewer's own cookie) get 403.
  await page.goto(`/projects/${project}/settings`);
  const results = await page.evaluate(async (name) => {
    const send = async (method: string, path: string, body?: unknown) =>
      (await fetch(`/api/v1/projects/${name}${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) })).status;
    return {
      patchProject: await send("PATCH", "", { displayName: "Taken over" }),
      addMember: await send("POST", "/members", { email: "someone@e2e.test", role: "owner" }),
      createToken: await send("POST", "/tokens", { name: "sneaky", scope: "write" }),
      readProject: await send("GET", ""),
    };
  }, project);
  expect(results).toEqual({ patchProject: 403, addMember: 403, createToken: 403, readProject: 200 });
});

test("an editor can read the members but not manage them", async ({ seed, pageAs }) => {
  const editor = await seed.user();
  const project = await seed.project();
  await seed.member(project, editor.email, "editor");
  const page = await pageAs(editor);
  await page.goto(`/projects/${project}/settings`);
  await expect(page.getByTestId("your-role")).toHaveText("your role: editor");
  await expect(page.getByTestId(`member-row-${editor.email}`)).toBeVisible();
  await expect(page.getByTestId("add-member-form")).toHaveCount(0);
  await expect(page.getByTestId("project-details-form")).toHaveCount(0);
});
