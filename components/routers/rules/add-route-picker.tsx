"use client";

import * as React from "react";
import { PlusIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";

/**
 * A route picker and an add button for the routes a split or the shadows do not use yet;
 * nothing when every route is used. The choice follows `available` as routes come and go.
 */
export function AddRoutePicker({
  available,
  label,
  action,
  onAdd,
  disabled,
  hint,
}: {
  available: readonly string[];
  /** The picker's accessible name. */
  label: string;
  /** The button's text. */
  action: string;
  onAdd: (route: string) => void;
  disabled?: boolean;
  hint?: React.ReactNode;
}) {
  const [picked, setPicked] = React.useState("");
  if (available.length === 0) return null;
  const choice = available.includes(picked) ? picked : available[0]!;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <NativeSelect aria-label={label} value={choice} onChange={(e) => setPicked(e.target.value)} disabled={disabled} className="w-48">
        {available.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </NativeSelect>
      <Button type="button" variant="outline" size="sm" disabled={disabled} onClick={() => onAdd(choice)}>
        <PlusIcon aria-hidden="true" />
        {action}
      </Button>
      {hint ? <span className="text-xs text-muted-foreground">{hint}</span> : null}
    </div>
  );
}
