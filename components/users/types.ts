/** A console user as GET /api/v1/users lists them (administrators only). */
export type User = { email: string; name: string; role: "admin" | "user"; createdAt: string; projects: number };

export type UserCreate = { email: string; name?: string; password: string; role: "admin" | "user" };
