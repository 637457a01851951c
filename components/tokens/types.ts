/** An API token as GET /api/v1/projects/{project}/tokens lists it (dates as ISO strings); never its secret. */
export type Token = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string | null;
};

/** POST's answer: the token plus its secret, which is in this response only. */
export type CreatedToken = Token & { token: string };

export type TokenCreate = { name: string; scope: "read" | "write"; expiresAt?: string | null };
