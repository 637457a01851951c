"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { LogOutIcon } from "lucide-react";
import { toast } from "sonner";
import { api, ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";

/** Ends the session (DELETE /api/v1/session), forgets every cached query and page, and goes to the login page. */
export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    try {
      await api("/session", { method: "DELETE" });
    } catch (error) {
      // A session that has already expired is as good as signed out.
      if (!(error instanceof ApiError && error.status === 401)) {
        setPending(false);
        toast.error(error instanceof ApiError ? `Could not sign out: ${error.detail}` : "Could not sign out: the console is unreachable");
        return;
      }
    }
    // Nothing fetched for the signed-in user may outlive the session: not the query cache,
    // not the router's cache of rendered pages (refresh drops it and re-renders the layout).
    queryClient.clear();
    router.replace("/login");
    router.refresh();
  }

  return (
    <Button variant="ghost" size="sm" onClick={signOut} disabled={pending}>
      <LogOutIcon aria-hidden="true" />
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
