import { HistoryIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";

export type VersionRow = { id: string; number: number; message: string; author: string; createdAt: Date };

export function VersionsTable({ versions, activeVersionId }: { versions: VersionRow[]; activeVersionId: string | null }) {
  if (versions.length === 0) {
    return (
      <EmptyState icon={HistoryIcon} title="Not deployed yet">
        Deploying freezes the draft as version 1 and makes it the one the gateway serves. Every deployment adds a version here.
      </EmptyState>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead>Message</TableHead>
          <TableHead>Author</TableHead>
          <TableHead>Deployed</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {versions.map((v) => {
          const active = v.id === activeVersionId;
          return (
            <TableRow key={v.id} data-testid={`version-row-${v.number}`} aria-current={active ? "true" : undefined}>
              <TableCell className="whitespace-nowrap">
                <span className="flex items-center gap-2">
                  <span className="font-mono font-semibold">v{v.number}</span>
                  {active ? <Badge variant="success">active</Badge> : null}
                </span>
              </TableCell>
              <TableCell className="max-w-md">
                {v.message ? v.message : <span className="text-muted-foreground">No message</span>}
              </TableCell>
              <TableCell className="whitespace-nowrap">{v.author}</TableCell>
              <TableCell>
                <Timestamp date={v.createdAt} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
