import type * as React from "react";
import { currentUser } from "@/lib/auth/page-session";
import { SidebarNav } from "@/components/layout/sidebar-nav";
import { TopBar } from "@/components/layout/top-bar";

export async function AppShell({ children }: { children: React.ReactNode }) {
  // Signed out (the login page, or a 404 before signing in), there is nothing to navigate to.
  const user = await currentUser();
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:ring-[3px] focus:ring-ring/50"
      >
        Skip to content
      </a>
      <TopBar />
      <div className="flex flex-1 flex-col md:flex-row">
        {user ? (
          <aside className="shrink-0 border-b bg-sidebar md:w-56 md:border-r md:border-b-0">
            <div className="md:sticky md:top-14">
              <SidebarNav isAdmin={user.isAdmin} />
            </div>
          </aside>
        ) : null}
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none md:px-8">
          <div className="mx-auto flex w-full max-w-6xl flex-col gap-6">{children}</div>
        </main>
      </div>
    </div>
  );
}
