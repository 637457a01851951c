import Link from "next/link";
import { ShieldXIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Rendered, with status 403, when a signed-in user opens a project or page their role does not allow. */
export default function Forbidden() {
  return (
    <EmptyState
      icon={ShieldXIcon}
      title="You do not have access to this page"
      headingLevel="h1"
      data-testid="forbidden"
      action={
        <Button asChild variant="outline">
          <Link href="/">Back to your projects</Link>
        </Button>
      }
    >
      Your account is signed in, but it has no role in this project, or not a strong enough one (managing members and
      tokens needs the owner role; the users page and the audit log of all projects need an administrator). Ask a project owner or an administrator for
      access.
    </EmptyState>
  );
}
