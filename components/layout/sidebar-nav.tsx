"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { LucideIcon } from "lucide-react";
import { ArrowLeftIcon, FolderKanbanIcon, GaugeIcon, KeyRoundIcon, ScrollTextIcon, SettingsIcon, SplitIcon, UsersIcon } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { useProject } from "@/components/projects/queries/use-project";

type NavItem = { href: string; label: string; icon: LucideIcon; active: boolean };

/** The project a path belongs to, from `/projects/<name>/...`; null outside a project. */
function projectFromPath(pathname: string): string | null {
  const match = /^\/projects\/([^/]+)/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function projectItems(project: string, pathname: string, isOwner: boolean): NavItem[] {
  const base = `/projects/${encodeURIComponent(project)}`;
  const inSection = (path: string) => pathname === path || pathname.startsWith(`${path}/`);
  const items: NavItem[] = [
    // Router detail pages live under the Routers section.
    { href: base, label: "Routers", icon: SplitIcon, active: pathname === base || inSection(`${base}/routers`) },
    { href: `${base}/rollouts`, label: "Rollouts", icon: GaugeIcon, active: inSection(`${base}/rollouts`) },
    { href: `${base}/audiences`, label: "Audiences", icon: UsersIcon, active: inSection(`${base}/audiences`) },
    { href: `${base}/audit`, label: "Audit log", icon: ScrollTextIcon, active: inSection(`${base}/audit`) },
    { href: `${base}/settings`, label: "Settings", icon: SettingsIcon, active: inSection(`${base}/settings`) },
  ];
  // API tokens are managed by owners (and administrators, who act as owners); others would only get a 403 page.
  if (isOwner) items.push({ href: `${base}/tokens`, label: "Tokens", icon: KeyRoundIcon, active: inSection(`${base}/tokens`) });
  return items;
}

function NavLink({ item }: { item: NavItem }) {
  const Icon = item.icon;
  return (
    <Link
      href={item.href}
      aria-current={item.active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
        "aria-[current=page]:bg-accent aria-[current=page]:text-foreground",
      )}
    >
      <Icon aria-hidden="true" className="size-4" />
      {item.label}
    </Link>
  );
}

export function SidebarNav({ isAdmin = false }: { isAdmin?: boolean }) {
  const pathname = usePathname();
  const project = projectFromPath(pathname);
  // The caller's role comes with the project (GET /api/v1/projects/{project}).
  const { data } = useProject(project);
  const isOwner = isAdmin || data?.data.role === "owner";

  return (
    <nav aria-label="Main" className="flex flex-col gap-4 p-3">
      {project ? (
        <>
          <Link
            href="/"
            className="flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <ArrowLeftIcon aria-hidden="true" className="size-3.5" />
            All projects
          </Link>
          <div className="flex flex-col gap-1">
            <p className="px-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Project</p>
            <p className="truncate px-2 pb-1 font-mono text-sm font-semibold" title={project}>
              {project}
            </p>
            {/* A row on narrow screens, where the sidebar sits above the page. */}
            <ul className="flex flex-wrap gap-0.5 md:flex-col">
              {projectItems(project, pathname, isOwner).map((item) => (
                <li key={item.href}>
                  <NavLink item={item} />
                </li>
              ))}
            </ul>
          </div>
        </>
      ) : (
        <ul className="flex flex-col gap-0.5">
          <li>
            <NavLink item={{ href: "/", label: "Projects", icon: FolderKanbanIcon, active: pathname === "/" }} />
          </li>
        </ul>
      )}
    </nav>
  );
}
