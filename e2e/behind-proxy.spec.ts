/**
 * The console where real deployments put it: at a host name that is not localhost, behind a
 * real nginx terminating TLS (the README's proxy settings; the console trusts loopback
 * proxies by default). Runs in the "behind-proxy" project, whose Chromium resolves
 * turnout.test to 127.0.0.1. Skipped only where nginx is not installed, and never in CI.
 */
import { editableRouter, signInAndSaveRule } from "./address-support";
import { expect, signedOut, test } from "./fixtures";
import { findNginx, PROXY_HOST, startNginx, type RunningNginx } from "./nginx";

const nginxBinary = findNginx();
if (!nginxBinary && process.env.CI) throw new Error("nginx is required in CI (apt-get install nginx); .ci/run installs it");
test.skip(!nginxBinary, "nginx is not installed (apt-get install nginx)");

let nginx: RunningNginx;
test.beforeAll(async () => {
  nginx = await startNginx(nginxBinary!, Number(process.env.E2E_PORT));
});
test.afterAll(async () => {
  await nginx?.stop();
});

test.use({ storageState: signedOut });

test("through nginx with TLS at https://turnout.test: sign in, edit and save a rule", async ({ page, seed, adminApi }) => {
  // Seeding, a password hash and the editor's first analysis: a generous bound for a busy machine.
  test.setTimeout(120_000);
  const target = await editableRouter(seed, adminApi);
  await signInAndSaveRule(page, nginx.origin, adminApi, target);
  // The session cookie is Secure, and the browser kept it for the proxy's name.
  const cookies = await page.context().cookies(nginx.origin);
  expect(cookies.find((c) => c.name === "__Secure-turnout.session_token")).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", domain: PROXY_HOST });
});

test("at a host name over plain http, sign-in says why the Secure cookie cannot be kept", async ({ page, seed }) => {
  const account = await seed.user();
  await page.goto(`http://${PROXY_HOST}:${process.env.E2E_PORT}/login`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText(/signs in over HTTPS only/, { timeout: 30_000 });
  await expect(page).toHaveURL(/\/login$/);
});
