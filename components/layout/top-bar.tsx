import Link from "next/link";
import { ScrollTextIcon, ServerIcon, ShieldCheckIcon, UserRoundIcon, WaypointsIcon } from "lucide-react";
import { currentUser } from "@/lib/auth/page-session";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export async function TopBar() {
  const user = await currentUser();
  return (
    <header className="sticky top-0 z-40 flex h-14 shrink-0 items-center gap-2 border-b bg-background/95 px-4 backdrop-blur">
      <Link
        href="/"
        className="flex items-center gap-2 rounded-md px-1 text-base font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <WaypointsIcon aria-hidden="true" className="size-5" />
        Turnout
      </Link>
      {user ? (
        <nav aria-label="Account" className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
          {user.isAdmin ? (
            <>
              <Button asChild variant="ghost" size="sm">
                <Link href="/admin/gateways">
                  <ServerIcon aria-hidden="true" />
                  Gateways
                </Link>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <Link href="/admin/users">
                  <ShieldCheckIcon aria-hidden="true" />
                  Users
                </Link>
              </Button>
              <Button asChild variant="ghost" size="sm">
                <Link href="/audit">
                  <ScrollTextIcon aria-hidden="true" />
                  Audit log
                </Link>
              </Button>
            </>
          ) : null}
          <span className="flex min-w-0 items-center gap-1.5 px-1 text-sm text-muted-foreground" data-testid="signed-in-user">
            <UserRoundIcon aria-hidden="true" className="size-4 shrink-0" />
            <span className="hidden truncate sm:inline" title={user.email}>
              {user.email}
            </span>
            <span className="sr-only sm:hidden">{user.email}</span>
            {user.isAdmin ? (
              <Badge variant="secondary" className="hidden md:inline-flex">
                admin
              </Badge>
            ) : null}
          </span>
          <ThemeToggle />
          <SignOutButton />
        </nav>
      ) : (
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      )}
    </header>
  );
}
