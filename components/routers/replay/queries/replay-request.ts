import { api } from "@/lib/api-client/fetch";
import type { ReplayResponse } from "@/lib/replay/schema";
import { routerPath } from "@/components/routers/queries/types";

/** What a replay compares: `from` a version, `to` the draft or a version, over the newest `limit` samples. */
export type ReplayParams = { from: "active" | number; to: "draft" | "active" | number; limit?: number; since?: string; until?: string };

export async function requestReplay(project: string, router: string, params: ReplayParams, signal?: AbortSignal): Promise<ReplayResponse> {
  return (await api<ReplayResponse>(`${routerPath(project, router)}/replay`, { method: "POST", body: params, signal })).data;
}
