import type { QueryClient } from "@tanstack/react-query";
import { keys } from "@/lib/api-client/keys";

/**
 * After a write: the router's key covers its summary, config, analysis and versions; the
 * project's list (its own exact key) shows the badges and counts.
 */
export async function invalidateRouter(client: QueryClient, project: string, router: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: keys.router(project, router) }),
    client.invalidateQueries({ queryKey: keys.routers(project), exact: true }),
  ]);
}
