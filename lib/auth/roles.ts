/** Per-project roles, weakest first; a global admin acts as owner everywhere. */
export const PROJECT_ROLES = ["viewer", "editor", "owner"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export function atLeast(role: ProjectRole | null, needed: ProjectRole): boolean {
  return role !== null && PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(needed);
}

/** What a token's scope lets it do: read tokens view, write tokens edit and deploy; neither manages the project. */
export function roleOfTokenScope(scope: "read" | "write"): ProjectRole {
  return scope === "write" ? "editor" : "viewer";
}
