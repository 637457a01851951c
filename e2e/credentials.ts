/**
 * The administrator the end-to-end server creates on its first start (playwright.config.ts
 * passes these as TURNOUT_ADMIN_EMAIL / TURNOUT_ADMIN_PASSWORD; the database is thrown
 * away after the run, so a fixed password is fine here and nowhere else).
 */
export const ADMIN_EMAIL = "admin@turnout.local";
export const ADMIN_PASSWORD = "e2e-admin-password-4f1c9b";
