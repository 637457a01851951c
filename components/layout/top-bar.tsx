import Link from "next/link";
import { WaypointsIcon } from "lucide-react";

export function TopBar() {
  return (
    <header className="sticky top-0 z-40 flex h-14 shrink-0 items-center border-b bg-background/95 px-4 backdrop-blur">
      <Link
        href="/"
        className="flex items-center gap-2 rounded-md px-1 text-base font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <WaypointsIcon aria-hidden="true" className="size-5" />
        Turnout
      </Link>
    </header>
  );
}
