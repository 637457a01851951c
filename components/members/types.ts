import type { ProjectRole } from "@/lib/auth/roles";

/** A project member as GET /api/v1/projects/{project}/members lists them. */
export type Member = { email: string; name: string; role: ProjectRole; since: string };
