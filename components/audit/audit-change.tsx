import { changeLines } from "./change-lines";

/**
 * One event's change, folded: the fields that differ between before and after, removed
 * values on the left and added ones on the right. A plain <details>, so it works in the
 * server-rendered log without JavaScript.
 */
export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const { lines, more } = changeLines(before, after);
  if (lines.length === 0) return <span className="text-xs text-muted-foreground">—</span>;
  const count = lines.length + more;
  return (
    <details className="group text-xs" data-testid="audit-change">
      <summary className="cursor-pointer whitespace-nowrap text-muted-foreground hover:text-foreground">
        {count} {count === 1 ? "field" : "fields"} changed
      </summary>
      <table className="mt-2 w-full min-w-[28rem] table-fixed border-collapse font-mono">
        <caption className="sr-only">Before and after</caption>
        <thead>
          <tr className="text-left text-muted-foreground">
            <th scope="col" className="w-2/5 px-1.5 py-1 font-medium">Field</th>
            <th scope="col" className="px-1.5 py-1 font-medium">Before</th>
            <th scope="col" className="px-1.5 py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.path} className="border-t align-top" data-testid="audit-change-line">
              <th scope="row" className="px-1.5 py-1 text-left font-normal break-all">
                {line.path}
              </th>
              <td className="px-1.5 py-1 break-all">
                {line.before === null ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <span className="rounded-sm bg-destructive/10 px-1 text-destructive">
                    <span className="sr-only">removed: </span>
                    {line.before}
                  </span>
                )}
              </td>
              <td className="px-1.5 py-1 break-all">
                {line.after === null ? (
                  <span className="text-muted-foreground">—</span>
                ) : (
                  <span className="rounded-sm bg-success/10 px-1 text-success">
                    <span className="sr-only">added: </span>
                    {line.after}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p className="mt-1 text-muted-foreground">…and {more} more (the API returns the whole event).</p> : null}
    </details>
  );
}
