import type { APIRequestContext, Page } from "@playwright/test";
import type { RouterDocumentInput } from "@/lib/router/document";

/** JSON of an API answer, or a clear failure naming what was being done. */
export async function json<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const routerApi = (project: string, router: string) => `/api/v1/projects/${project}/routers/${router}`;

export async function createRouter(api: APIRequestContext, project: string, doc: RouterDocumentInput): Promise<void> {
  await json(await api.post(`/api/v1/projects/${project}/routers`, { data: doc }), `create router ${doc.name}`);
}

export async function getConfig(api: APIRequestContext, project: string, router: string) {
  return json<Required<Pick<RouterDocumentInput, "routes" | "rules" | "defaultRule" | "settings">> & { name: string; description?: string }>(
    await api.get(`${routerApi(project, router)}/config`),
    "read config",
  );
}

export async function deploy(api: APIRequestContext, project: string, router: string, message: string): Promise<number> {
  return (await json<{ version: number }>(await api.post(`${routerApi(project, router)}/deployments`, { data: { message } }), "deploy")).version;
}

export async function versions(api: APIRequestContext, project: string, router: string) {
  return (await json<{ items: { number: number; message: string; active: boolean }[] }>(await api.get(`${routerApi(project, router)}/versions`), "list versions")).items;
}

export const url = (port: number) => `http://127.0.0.1:${port}`;

/** A full-page screenshot for the README and reviews, taken from the top so the sticky bar stays where it belongs. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}
