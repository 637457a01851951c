"use client";

import * as React from "react";
import { PlusIcon, XIcon } from "lucide-react";
import { compareSpecProblems, comparePathProblem, type CompareMode, type CompareSpec } from "@/lib/shadows/spec";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { FieldErrors } from "@/components/conditions/field-errors";
import { CompareFieldRow } from "./compare-field-row";
import { ComparePreview } from "./compare-preview";

const MODES: { value: CompareMode; label: string; hint: string }[] = [
  { value: "exact", label: "Exact bytes", hint: "Agree when the bodies are byte for byte the same." },
  { value: "json", label: "Same JSON", hint: "Agree when the JSON is the same, key order ignored, leaving out the paths below (* stands for any key or index)." },
  { value: "fields", label: "Chosen fields", hint: "Agree when every field below agrees. A field missing on both sides agrees; a number never equals a string." },
];

type CompareEditorProps = {
  id: string;
  route: string;
  /** Absent: exact. */
  value: CompareSpec | undefined;
  onChange: (value: CompareSpec | undefined) => void;
  /** Errors under this spec, keyed relative to it (`fields.1.tolerance`), from the server or the form's own check. */
  errors: FieldErrors;
  disabled?: boolean;
};

/** Errors of the spec as the analysis would report them, keyed relative to the spec; the given ones win. */
function withLiveProblems(spec: CompareSpec | undefined, given: FieldErrors): FieldErrors {
  if (!spec) return given;
  const out: Record<string, string> = {};
  for (const p of compareSpecProblems(spec)) out[p.path.join(".")] ??= p.message;
  return { ...out, ...given };
}

/** The errors under `prefix.`, with the prefix cut (the key "" is the prefix itself). */
function under(errors: FieldErrors, prefix: string): FieldErrors {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    if (path === prefix) out[""] = message;
    else if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  }
  return out;
}

/** How a shadow's answers are compared with the primary's: the entry's `compare`, checked as you type. */
export function CompareEditor({ id, route, value, onChange, errors: given, disabled }: CompareEditorProps) {
  const spec = value ?? { mode: "exact" as const };
  // Errors from a Save apply to the spec as it was then: once it is edited, the live check speaks.
  const text = JSON.stringify(value ?? null);
  const givenText = JSON.stringify(given);
  const [reported, setReported] = React.useState({ givenText, text });
  if (reported.givenText !== givenText) setReported({ givenText, text });
  const errors = withLiveProblems(value, reported.givenText === givenText && reported.text !== text ? {} : given);
  const [path, setPath] = React.useState("");
  const pending = path === "" ? null : comparePathProblem(path, true);

  const setMode = (mode: CompareMode) => {
    if (mode === "exact") onChange(undefined);
    else if (mode === "json") onChange({ mode, ignore: [] });
    else onChange({ mode, fields: [{ path: "" }] });
  };
  const addIgnored = () => {
    if (spec.mode !== "json" || path === "" || pending) return;
    if (!spec.ignore.includes(path)) onChange({ ...spec, ignore: [...spec.ignore, path] });
    setPath("");
  };
  const mode = MODES.find((m) => m.value === spec.mode)!;
  const listError = errors.fields ?? errors.ignore ?? errors[""] ?? errors.mode;

  return (
    <div className="flex flex-col gap-2 rounded-md bg-muted/40 p-2" data-testid={`${id}-compare`}>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-mode`} className="text-xs font-medium">
          Compare with the primary
        </label>
        <NativeSelect id={`${id}-mode`} value={spec.mode} onChange={(e) => setMode(e.target.value as CompareMode)} disabled={disabled} className="w-44 [&_select]:h-8 [&_select]:text-xs" aria-describedby={`${id}-mode-hint`}>
          {MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <p id={`${id}-mode-hint`} className="text-xs text-muted-foreground">
        {mode.hint} Status classes (2xx, 5xx…) are always compared.
      </p>

      {spec.mode === "json" ? (
        <div className="flex flex-col gap-1.5">
          {spec.ignore.length > 0 ? (
            <ul className="flex flex-wrap gap-1.5" aria-label={`Paths ${route}'s comparison ignores`}>
              {spec.ignore.map((p, i) => (
                <li key={`${i}:${p}`} className="inline-flex items-center gap-1 rounded-md border bg-background py-0.5 pr-0.5 pl-2 font-mono text-xs" data-invalid={errors[`ignore.${i}`] ? "true" : undefined} title={errors[`ignore.${i}`]}>
                  {p}
                  <button type="button" disabled={disabled} onClick={() => onChange({ ...spec, ignore: spec.ignore.filter((_, k) => k !== i) })} aria-label={`Stop ignoring ${p}`} className="rounded-sm p-0.5 text-muted-foreground hover:bg-accent">
                    <XIcon aria-hidden="true" className="size-3" />
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <Input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addIgnored();
              }
            }}
            onBlur={addIgnored}
            placeholder="id, meta.latencyMs, items.*.traceId — Enter to add"
            className="h-8 font-mono text-xs"
            spellCheck={false}
            autoComplete="off"
            aria-label={`Path ${route}'s comparison ignores`}
            aria-invalid={pending ? true : undefined}
            disabled={disabled}
          />
          {pending ? <p className="text-xs text-destructive">{pending}</p> : null}
          {Object.entries(under(errors, "ignore")).map(([k, message]) => (
            <p key={k} className="text-xs text-destructive" data-testid={`${id}-ignore-error`}>
              {spec.ignore[Number(k)] ?? ""}: {message}
            </p>
          ))}
        </div>
      ) : null}

      {spec.mode === "fields" ? (
        <div className="flex flex-col gap-1.5">
          <ul className="flex flex-col gap-1.5" aria-label={`Fields ${route}'s comparison checks`}>
            {spec.fields.map((field, i) => (
              <CompareFieldRow
                key={i}
                id={`${id}-field-${i}`}
                label={`field ${i + 1} of ${route}`}
                field={field}
                onChange={(next) => onChange({ ...spec, fields: spec.fields.map((f, k) => (k === i ? next : f)) })}
                onRemove={() => onChange({ ...spec, fields: spec.fields.filter((_, k) => k !== i) })}
                errors={under(errors, `fields.${i}`)}
                disabled={disabled}
              />
            ))}
          </ul>
          <Button type="button" variant="outline" size="sm" className="self-start" disabled={disabled} onClick={() => onChange({ ...spec, fields: [...spec.fields, { path: "" }] })}>
            <PlusIcon aria-hidden="true" />
            Add field
          </Button>
        </div>
      ) : null}

      {listError ? (
        <p className="text-xs text-destructive" data-testid={`${id}-compare-error`}>
          {listError}
        </p>
      ) : null}
      <ComparePreview spec={value} valid={Object.keys(errors).length === 0} />
    </div>
  );
}
