import type { ReactNode } from "react";

/** The alert under a form: the server's message and the field errors no input shows, plus an optional action. */
export function FormErrorSummary({ message, items, testId, children }: { message?: string | null; items: string[]; testId: string; children?: ReactNode }) {
  if (!message && items.length === 0) return null;
  return (
    <div role="alert" className="flex flex-col items-start gap-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid={testId}>
      {message ? <p>{message}</p> : null}
      {items.length > 0 ? (
        <ul className="list-disc pl-5">
          {items.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {children}
    </div>
  );
}
