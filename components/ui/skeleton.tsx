import * as React from "react";
import { cn } from "@/lib/utils/cn";

/** A placeholder block; hidden from assistive tech, which gets the surrounding aria-busy region instead. */
function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}

export { Skeleton };
