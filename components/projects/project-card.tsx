import Link from "next/link";
import { SplitIcon } from "lucide-react";
import type { ProjectSummary } from "@/lib/projects/repo";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RouterTable } from "@/components/projects/router-table";

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function ProjectCard({ project }: { project: ProjectSummary }) {
  return (
    <Card data-testid={`project-card-${project.name}`}>
      <CardHeader>
        <CardTitle>
          <Link
            href={`/projects/${project.name}`}
            className="rounded-sm underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            {project.displayName}
          </Link>
        </CardTitle>
        <CardDescription>
          {project.description ? `${project.description} · ` : null}
          <span className="font-mono">{project.name}</span> · {plural(project.routers.length, "router")} ·{" "}
          {plural(project.audienceCount, "audience")}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {project.routers.length > 0 ? (
          <RouterTable projectName={project.name} routers={project.routers} caption={`Routers of ${project.displayName}`} />
        ) : (
          <div className="flex items-center gap-2 rounded-lg border border-dashed px-4 py-3 text-sm text-muted-foreground">
            <SplitIcon aria-hidden="true" className="size-4" />
            No routers yet
          </div>
        )}
      </CardContent>
    </Card>
  );
}
