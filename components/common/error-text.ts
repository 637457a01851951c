import { ApiError } from "@/lib/api-client/fetch";

/** A sentence for a toast or an inline message from whatever a request threw. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Your session has ended; sign in again.";
    if (error.status === 403) return "You do not have the role this needs.";
    const detail = error.detail.trim();
    return detail ? detail.charAt(0).toUpperCase() + detail.slice(1) : `The request failed (${error.status}).`;
  }
  return "The console could not be reached. Check your connection and try again.";
}
