import { editableRouter, signInAndSaveRule } from "./address-support";
import { signedOut, test } from "./fixtures";

// The suite runs at http://localhost; Next.js listens as "localhost" too. Users also open the
// console by IP address, where sign-in and every write used to be refused as cross-site.
test.use({ storageState: signedOut });

test("at http://127.0.0.1: sign in, edit and save a rule", async ({ page, seed, adminApi }) => {
  // Seeding, a password hash and the editor's first analysis: a generous bound for a busy machine.
  test.setTimeout(120_000);
  const target = await editableRouter(seed, adminApi);
  await signInAndSaveRule(page, `http://127.0.0.1:${process.env.E2E_PORT}`, adminApi, target);
});
