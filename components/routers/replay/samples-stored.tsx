"use client";

import { DatabaseIcon, Loader2Icon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
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
import { Timestamp } from "@/components/common/timestamp";
import { useDeleteSamples } from "./queries/use-delete-samples";
import { useSampleSummary } from "./queries/use-sample-summary";
import { count } from "./replay-tables";

const REASONS: Record<string, string> = {
  rate_limit: "over the per-second cap",
  buffer_full: "the gateway's buffer was full",
  database: "the database was unreachable",
  router_gone: "the router or version was deleted",
};

/** How many requests are stored for replay, how many the gateways recorded and dropped; editors delete them all. */
export function SamplesStored({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const summary = useSampleSummary(project, router);
  const remove = useDeleteSamples(project, router);
  const data = summary.data;
  const dropped = data ? Object.entries(data.dropped).filter(([, n]) => n > 0) : [];
  const droppedTotal = dropped.reduce((sum, [, n]) => sum + n, 0);
  return (
    <section aria-labelledby="samples-stored-heading" className="flex max-w-3xl flex-col gap-2 rounded-lg border p-4" data-testid="samples-stored">
      <h2 id="samples-stored-heading" className="flex items-center gap-2 text-sm font-medium">
        <DatabaseIcon aria-hidden="true" className="size-4 text-muted-foreground" />
        Recorded requests
      </h2>
      {summary.isPending ? (
        <p className="text-sm text-muted-foreground">Counting…</p>
      ) : summary.isError ? (
        <p className="text-sm text-destructive" role="alert">
          The counts could not be loaded.
        </p>
      ) : (
        <>
          <p className="text-sm" data-testid="samples-stored-count">
            <strong>{count(data!.stored)}</strong> {data!.stored === 1 ? "request" : "requests"} stored for replay
            {data!.oldest && data!.newest ? (
              <>
                {" "}
                (<Timestamp date={new Date(data!.oldest)} /> to <Timestamp date={new Date(data!.newest)} />)
              </>
            ) : null}
            .
          </p>
          <p className="text-sm text-muted-foreground" data-testid="samples-dropped">
            {data!.since ? (
              <>
                Since <Timestamp date={new Date(data!.since)} />, the gateways recorded {count(data!.recorded)} and dropped {count(droppedTotal)}
                {dropped.length > 0 ? ` (${dropped.map(([reason, n]) => `${count(n)}: ${REASONS[reason] ?? reason}`).join("; ")})` : ""}.
              </>
            ) : (
              "No gateway has recorded a request of this router yet."
            )}
          </p>
          <p className="text-xs text-muted-foreground">Samples are kept 7 days and at most 1 000 000 per router by default (the gateway&apos;s options).</p>
        </>
      )}
      {canEdit ? (
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button type="button" variant="outline" size="sm" className="w-fit" disabled={remove.isPending || (data?.stored ?? 0) === 0}>
              {remove.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <Trash2Icon aria-hidden="true" />}
              Delete recorded requests
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Delete every recorded request of {router}?</AlertDialogTitle>
              <AlertDialogDescription>
                The {data ? count(data.stored) : ""} stored samples and the counts are deleted for good; replays have nothing to work on until the
                gateways record again. To stop recording, set the share to 0 and deploy.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Cancel</AlertDialogCancel>
              <AlertDialogAction
                onClick={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => toast.success("Recorded requests deleted"),
                    onError: (error) => toast.error(error instanceof ApiError ? error.detail : "The recorded requests could not be deleted."),
                  })
                }
              >
                Delete
              </AlertDialogAction>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      ) : null}
    </section>
  );
}
