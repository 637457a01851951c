"use client";

import { useId, useState } from "react";
import { ClipboardPasteIcon } from "lucide-react";
import type { RoutingRequest } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/routers/form-controls";
import { parseRequestJson } from "./request-form";

/**
 * A whole request pasted as JSON — an overlap's example, a line of `turnout route`'s
 * input — fills in every field at once. Nothing is filled while the JSON is wrong.
 */
export function PasteRequest({ onFill }: { onFill: (request: RoutingRequest) => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const apply = () => {
    const parsed = parseRequestJson(text);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    onFill(parsed.value);
    setText("");
    setOpen(false);
  };
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="rounded-md border px-3 py-2 text-sm">
      <summary className="cursor-pointer font-medium">Paste a whole request (JSON)</summary>
      <div className="mt-2 flex flex-col gap-2">
        <label htmlFor={id} className="text-xs text-muted-foreground">
          The format <code className="font-mono">turnout route</code> reads: <code className="font-mono">{'{ "method", "path", "headers", "query", "body" }'}</code>, every field optional.
        </label>
        <Textarea
          id={id}
          rows={5}
          spellCheck={false}
          className="font-mono text-xs"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (error) setError(null);
          }}
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-xs font-medium text-destructive">
            {error}
          </p>
        ) : null}
        <Button type="button" variant="secondary" size="sm" className="w-fit" disabled={!text.trim()} onClick={apply}>
          <ClipboardPasteIcon aria-hidden="true" />
          Fill in the fields
        </Button>
      </div>
    </details>
  );
}
