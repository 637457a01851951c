"use client";

import { BanIcon } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { useRevokeToken } from "@/components/tokens/queries/use-revoke-token";
import type { Token } from "@/components/tokens/types";

export function RevokeTokenButton({ project, token }: { project: string; token: Token }) {
  const revoke = useRevokeToken(project);
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" disabled={revoke.isPending} aria-label={`Revoke ${token.name}`}>
          <BanIcon aria-hidden="true" />
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke token {token.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Anything that uses it (<span className="font-mono">{token.prefix}…</span>) gets 401 from its next request on. This
            cannot be undone; the token stays listed, marked revoked.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={() => revoke.mutate(token)}>Revoke token</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
