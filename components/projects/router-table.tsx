import Link from "next/link";
import type { RouterSummary } from "@/lib/projects/repo";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ActiveVersion } from "@/components/projects/active-version";
import { Timestamp } from "@/components/common/timestamp";

type RouterTableProps = {
  projectName: string;
  routers: RouterSummary[];
  /** The project page has room for descriptions and update times; the home page does not. */
  detailed?: boolean;
  caption?: string;
};

export function RouterTable({ projectName, routers, detailed = false, caption }: RouterTableProps) {
  return (
    <Table>
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <TableHeader>
        <TableRow>
          <TableHead>Router</TableHead>
          <TableHead>Active version</TableHead>
          <TableHead className="text-right">Routes</TableHead>
          <TableHead className="text-right">Rules</TableHead>
          {detailed ? <TableHead>Updated</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {routers.map((router) => (
          <TableRow key={router.name} data-testid={`router-row-${router.name}`}>
            <TableCell>
              <div className="flex flex-col gap-0.5">
                <Link
                  href={`/projects/${projectName}/routers/${router.name}`}
                  className="w-fit rounded-sm font-mono font-medium underline decoration-muted-foreground/40 underline-offset-4 outline-none hover:decoration-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {router.name}
                </Link>
                {detailed && router.description ? (
                  <span className="text-xs text-muted-foreground">{router.description}</span>
                ) : null}
              </div>
            </TableCell>
            <TableCell>
              <ActiveVersion number={router.activeVersion} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{router.routeCount}</TableCell>
            <TableCell className="text-right tabular-nums">{router.ruleCount}</TableCell>
            {detailed ? (
              <TableCell>
                <Timestamp date={router.updatedAt} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
