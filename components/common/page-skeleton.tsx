import { Skeleton } from "@/components/ui/skeleton";

/** Stand-in for a page while its data loads: a header and a few blocks. */
export function PageSkeleton({ label = "Loading…", blocks = 2 }: { label?: string; blocks?: number }) {
  return (
    <div aria-busy="true" className="flex flex-col gap-6">
      <p className="sr-only" role="status">
        {label}
      </p>
      <div className="flex flex-col gap-2">
        <Skeleton className="h-3 w-24" />
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className="flex flex-col gap-3 rounded-xl border p-5">
          <Skeleton className="h-5 w-48" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-3 w-full rounded-full" />
        </div>
      ))}
    </div>
  );
}
