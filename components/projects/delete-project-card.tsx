"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmByNameDialog } from "@/components/common/confirm-by-name-dialog";
import { useHydrated } from "@/components/common/use-hydrated";
import { useDeleteProject } from "./queries/use-delete-project";
import { useProject } from "./queries/use-project";

export type ProjectContents = { routers: number; versions: number; audiences: number; tokens: number; members: number };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Owners and administrators delete the project here, typing its name; the audit log outlives it. */
export function DeleteProjectCard({ project, revision, contents }: { project: string; revision: number; contents: ProjectContents }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = useDeleteProject(project);
  // The details form on the same page moves the revision; the latest one read is what the user saw.
  const latest = useProject(project).data?.revision ?? revision;
  const navigation = useRouter();
  const hydrated = useHydrated();
  return (
    <Card className="border-destructive/40" data-testid="delete-project-card">
      <CardHeader>
        <CardTitle>Delete this project</CardTitle>
        <CardDescription>
          Its routers stop being served at once and everything in it is deleted. Its audit log stays, readable by administrators.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button variant="destructive" disabled={!hydrated} onClick={() => setOpen(true)}>
          <Trash2Icon aria-hidden="true" />
          Delete project
        </Button>
        <ConfirmByNameDialog
          open={open}
          onOpenChange={(next) => {
            setOpen(next);
            if (!next) setError(null);
          }}
          noun="project"
          name={project}
          testId="delete-project-dialog"
          pending={remove.isPending}
          error={error}
          onConfirm={() =>
            remove.mutate(latest, {
              onSuccess: () => {
                toast.success(`Project ${project} deleted`);
                navigation.push("/");
                navigation.refresh();
              },
              onError: (e) =>
                setError(
                  e instanceof ApiError && e.isConflict
                    ? "Someone changed this project since you opened the page; nothing was deleted. Reload the page and try again."
                    : e instanceof ApiError
                      ? e.detail
                      : "The project could not be deleted; nothing changed.",
                ),
            })
          }
        >
          <p>
            <strong className="text-foreground">Deleted for good:</strong> {count(contents.routers, "router", "routers")} with their drafts and{" "}
            {count(contents.versions, "deployed version", "deployed versions")} (gateways stop serving them and answer 404),{" "}
            {count(contents.audiences, "audience", "audiences")}, {count(contents.tokens, "API token", "API tokens")} (they stop working) and{" "}
            {count(contents.members, "membership", "memberships")}.
          </p>
          <p>
            <strong className="text-foreground">Kept:</strong> the audit log of every change made in the project, this deletion included, under the
            project&apos;s name on the administrators&apos; Audit log. User accounts are not deleted.
          </p>
        </ConfirmByNameDialog>
      </CardContent>
    </Card>
  );
}
