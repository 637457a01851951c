"use client";

import { useEffect } from "react";
import Link from "next/link";
import { TriangleAlertIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  // In production, server errors arrive without their message; the digest ties them to the server log.
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <EmptyState
      icon={TriangleAlertIcon}
      title="Something went wrong"
      headingLevel="h1"
      role="alert"
      action={
        <div className="flex gap-2">
          <Button onClick={() => retry()}>Try again</Button>
          <Button asChild variant="outline">
            <Link href="/">Back to projects</Link>
          </Button>
        </div>
      }
    >
      <p>This page could not be loaded. If the database was restarting, trying again usually works.</p>
      {digest ? <p className="mt-2 font-mono text-xs">Reference: {digest}</p> : null}
    </EmptyState>
  );
}
