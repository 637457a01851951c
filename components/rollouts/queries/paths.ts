import { routerPath } from "@/components/routers/queries/types";

export const rolloutsPath = (project: string, router: string) => `${routerPath(project, router)}/rollouts`;
export const rolloutPath = (project: string, router: string, id: number) => `${rolloutsPath(project, router)}/${id}`;
/** Running or paused: the controller still acts on it. */
export const inProgress = (status: string) => status === "running" || status === "paused";
