import Link from "next/link";
import { SearchXIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <EmptyState
      icon={SearchXIcon}
      title="Page not found"
      headingLevel="h1"
      action={
        <Button asChild variant="outline">
          <Link href="/">Back to projects</Link>
        </Button>
      }
    >
      The project, router or page you asked for does not exist. It may have been renamed or deleted.
    </EmptyState>
  );
}
