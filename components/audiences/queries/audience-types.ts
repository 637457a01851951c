import type { Audience } from "@/lib/router/document";

/** An audience as GET …/audiences lists it: its revision and the rules that use it. */
export type AudienceView = Audience & { revision: number; usedBy: { router: string; rule: string }[] };

export function audiencesPath(project: string): string {
  return `/projects/${encodeURIComponent(project)}/audiences`;
}
