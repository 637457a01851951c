import type { RouterDocument } from "@/lib/router/document";
import { routeUses } from "@/lib/routers/edits";
import type { RouteColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";

type Props = { doc: RouterDocument; route: string; colors: RouteColors; onChange: (route: string) => void };

/** Step 1: the route to take out, with how many rules use each. */
export function RouteStep({ doc, route, colors, onChange }: Props) {
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-2 text-sm font-semibold">Which route do you want to take out?</legend>
      {doc.routes.map((r) => {
        const n = routeUses(doc, r.name).length;
        return (
          <label key={r.name} className={cn("flex cursor-pointer items-center gap-3 rounded-md border px-3 py-2 text-sm", route === r.name && "border-primary bg-accent")}>
            <input type="radio" name="route" value={r.name} checked={route === r.name} onChange={() => onChange(r.name)} />
            <span aria-hidden="true" className={cn("size-2.5 rounded-full", colors(r.name))} />
            <span className="font-mono font-medium">{r.name}</span>
            <span className="text-muted-foreground">{n === 0 ? "unused" : `used by ${n} ${n === 1 ? "rule" : "rules"}`}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
