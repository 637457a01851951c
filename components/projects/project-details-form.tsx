"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { RefreshCwIcon, TriangleAlertIcon } from "lucide-react";
import { ApiError, type ApiResult } from "@/lib/api-client/fetch";
import type { ProjectResponse } from "@/lib/projects/schema";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useProject } from "@/components/projects/queries/use-project";
import { useUpdateProject } from "@/components/projects/queries/use-update-project";
import { useHydrated } from "@/components/common/use-hydrated";

type Snapshot = { displayName: string; description: string; revision: number | null };

/**
 * Display name and description (owners). The form remembers the revision it was filled
 * from and sends it as If-Match, so a save on top of someone else's change is refused
 * (412) instead of silently overwriting it; the user then reloads and decides.
 */
export function ProjectDetailsForm({ project, initial }: { project: string; initial: Snapshot }) {
  const router = useRouter();
  const query = useProject(project);
  const update = useUpdateProject(project);
  const hydrated = useHydrated();
  const [base, setBase] = useState<Snapshot>(initial);
  const [displayName, setDisplayName] = useState(initial.displayName);
  const [description, setDescription] = useState(initial.description);
  const [conflict, setConflict] = useState(false);
  const dirty = displayName !== base.displayName || description !== base.description;

  // A pristine form follows the latest revision (after a refetch); an edited one keeps its
  // base, so If-Match still names the revision the user actually saw.
  const latest = query.data;
  if (latest && latest.revision !== null && latest.revision !== base.revision && !dirty && !update.isPending) {
    const snap = fromResult(latest);
    setBase(snap);
    setDisplayName(snap.displayName);
    setDescription(snap.description);
  }

  function adopt(snap: Snapshot) {
    setBase(snap);
    setDisplayName(snap.displayName);
    setDescription(snap.description);
  }

  async function reload() {
    const result = await query.refetch();
    if (result.data) adopt(fromResult(result.data));
    setConflict(false);
    update.reset();
    // Server-rendered parts (the page title, the facts below) show the new values too.
    router.refresh();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setConflict(false);
    update.mutate(
      { changes: { displayName: displayName.trim(), description }, revision: base.revision },
      {
        onSuccess: (result) => {
          adopt(fromResult(result, displayName.trim()));
          router.refresh();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.isConflict) setConflict(true);
        },
      },
    );
  }

  const fieldError = (path: string) => (update.error instanceof ApiError ? update.error.fieldError(path) : undefined);
  const nameError = fieldError("displayName");
  const descriptionError = fieldError("description");

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4" data-testid="project-details-form">
      {conflict ? (
        <div
          role="alert"
          data-testid="project-conflict"
          className="flex flex-wrap items-start gap-3 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning"
        >
          <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0 flex-1">
            Someone else changed this project since you opened it, so your changes were not saved. Reload to see their
            version, then make your changes again.
          </span>
          <Button variant="outline" size="sm" onClick={() => void reload()}>
            <RefreshCwIcon aria-hidden="true" />
            Reload
          </Button>
        </div>
      ) : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="project-display-name">Display name</Label>
        <Input
          id="project-display-name"
          value={displayName}
          readOnly={!hydrated}
          maxLength={120}
          onChange={(e) => setDisplayName(e.target.value)}
          aria-invalid={Boolean(nameError) || undefined}
          aria-describedby={nameError ? "project-display-name-error" : "project-display-name-hint"}
        />
        {nameError ? (
          <p id="project-display-name-error" className="text-sm text-destructive">
            {nameError}
          </p>
        ) : (
          <p id="project-display-name-hint" className="text-xs text-muted-foreground">
            Shown in the console; leave it empty to show the name.
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="project-description">Description</Label>
        <Textarea
          id="project-description"
          value={description}
          readOnly={!hydrated}
          maxLength={2000}
          rows={3}
          onChange={(e) => setDescription(e.target.value)}
          aria-invalid={Boolean(descriptionError) || undefined}
          aria-describedby={descriptionError ? "project-description-error" : undefined}
        />
        {descriptionError ? (
          <p id="project-description-error" className="text-sm text-destructive">
            {descriptionError}
          </p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={!dirty || update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
        {dirty ? (
          <Button variant="ghost" onClick={() => adopt(base)}>
            Discard
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The API answers the name as the display name when none is set; the form shows it empty then. */
function fromResult(result: ApiResult<ProjectResponse>, typed?: string): Snapshot {
  const p = result.data;
  const displayName = typed ?? (p.displayName === p.name ? "" : p.displayName);
  return { displayName, description: p.description, revision: result.revision };
}
