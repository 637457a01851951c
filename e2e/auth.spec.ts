import { expect, test, signedOut, screens, ADMIN_EMAIL, ADMIN_PASSWORD, type Account } from "./fixtures";

test.describe("signed out", () => {
  test.use({ storageState: signedOut });

  test("a page asks for sign-in, then opens where the user was going", async ({ page }) => {
    await page.goto("/projects/demo/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fprojects%2Fdemo%2Fsettings$/);
    await expect(page.getByRole("heading", { name: "Sign in to Turnout" })).toBeVisible();
    await page.screenshot({ path: screens("login"), fullPage: true });

    await page.getByLabel("Email").fill(ADMIN_EMAIL);
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page).toHaveURL(/\/projects\/demo\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toContainText(ADMIN_EMAIL);
  });

  // A protocol-relative path, and one that only becomes one once its dot segments are resolved.
  for (const next of ["//evil.example/steal", "/.//evil.example/phish"]) {
    test(`the login page only redirects to paths on this site (next=${next})`, async ({ page, seed }) => {
      const account = await seed.user();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
      await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
      // Signed in, the login page sends the user on at once: the same check applies.
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
    });
  }

  test("the API and the login page itself are not redirected", async ({ page, request }) => {
    const api = await request.get("/api/v1/projects", { maxRedirects: 0 });
    expect(api.status()).toBe(401);
    const response = await page.goto("/login");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login$/);
  });

  // Each case: what the server answers, and the inline message the form shows for it.
  const failures: { name: string; account: (user: Account) => Pick<Account, "email" | "password">; mock?: { status: number; headers: Record<string, string>; body: unknown }; message: RegExp }[] = [
    { name: "a wrong password", account: (u) => ({ email: u.email, password: "not-the-password" }), message: /wrong email or password/i },
    { name: "an unknown email", account: () => ({ email: "nobody-here@e2e.test", password: "whatever-123" }), message: /wrong email or password/i },
    {
      // The real limit (5 failures a minute per account, 20 sign-ins per address) would slow the
      // whole suite down; the server side of it is covered by lib/http/csrf-and-login.db.test.ts.
      name: "too many attempts",
      account: (u) => ({ email: u.email, password: "not-the-password" }),
      mock: {
        status: 429,
        headers: { "content-type": "application/problem+json", "retry-after": "42" },
        body: { status: 429, code: "too_many_attempts", detail: "too many sign-in attempts; try again in 42 s", retryAfter: 42 },
      },
      message: /too many sign-in attempts\. try again in (42|41|40) seconds/i,
    },
  ];

  for (const failure of failures) {
    test(`sign-in with ${failure.name} shows an inline error and stays on the page`, async ({ page, seed }) => {
      const user = await seed.user();
      const { mock } = failure;
      if (mock) {
        await page.route("**/api/v1/session", (route) =>
          route.request().method() === "POST"
            ? route.fulfill({ status: mock.status, headers: mock.headers, body: JSON.stringify(mock.body) })
            : route.fallback(),
        );
      }
      const { email, password } = failure.account(user);
      await page.goto("/login");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Sign in" }).click();

      await expect(page.getByRole("alert").filter({ hasText: failure.message })).toBeVisible();
      await expect(page).toHaveURL(/\/login$/);
      if (mock) await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
      else await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    });
  }
});

test("signing out ends the session and returns to the login page", async ({ seed, pageAs }) => {
  const account = await seed.user();
  const page = await pageAs(account);
  await page.goto("/");
  await expect(page.getByTestId("signed-in-user")).toContainText(account.email);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  // The cookie is gone: the API no longer knows this browser, and pages redirect again.
  expect((await page.request.get("/api/v1/session")).status()).toBe(401);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});
