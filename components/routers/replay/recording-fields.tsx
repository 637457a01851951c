"use client";

import { useId } from "react";
import { PlusIcon, Trash2Icon } from "lucide-react";
import type { ConditionSource } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Field, NativeSelect } from "@/components/routers/form-controls";
import type { RecordingValues } from "./recording-values";

const SOURCES: ConditionSource[] = ["header", "payload", "query"];

type Props<V extends RecordingValues> = { values: V; onChange: (fn: (v: V) => V) => void; fieldError: (path: string) => string | undefined };

/** Recording for replay: the share of requests sampled, the cap per gateway, extra fields, and how sticky keys are kept. */
export function RecordingFields<V extends RecordingValues>({ values, onChange, fieldError }: Props<V>) {
  const ids = { percent: useId(), cap: useId(), fields: useId() };
  const setField = (i: number, patch: Partial<RecordingValues["recordFields"][number]>) =>
    onChange((v) => ({ ...v, recordFields: v.recordFields.map((f, j) => (j === i ? { ...f, ...patch } : f)) }));
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border p-4" data-testid="recording-settings">
      <legend className="px-1 text-sm font-medium">Recording for replay</legend>
      <p className="-mt-2 text-xs text-muted-foreground">
        The gateway stores a sample of the requests it serves — the decision and only the fields the version&apos;s rules, audiences and key sources
        read, plus the fields below; never a whole body or other headers — so that a change can be replayed over real traffic before it is deployed.
        Takes effect when deployed.
      </p>
      <div className="flex flex-wrap gap-4">
        <Field id={ids.percent} label="Requests recorded (%)" hint="0 turns recording off." error={fieldError("settings.recordPercent")} className="w-56">
          {(aria) => (
            <Input {...aria} name="recordPercent" inputMode="decimal" className="tabular-nums" value={values.recordPercent} onChange={(e) => onChange((v) => ({ ...v, recordPercent: e.target.value }))} />
          )}
        </Field>
        <Field id={ids.cap} label="At most per second" hint="Per gateway process; beyond it samples are dropped and counted." error={fieldError("settings.recordMaxPerSecond")} className="w-72">
          {(aria) => (
            <Input
              {...aria}
              name="recordMaxPerSecond"
              inputMode="numeric"
              className="tabular-nums"
              value={values.recordMaxPerSecond}
              onChange={(e) => onChange((v) => ({ ...v, recordMaxPerSecond: e.target.value }))}
            />
          )}
        </Field>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">Sticky keys</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="recordKeys" value="raw" checked={values.recordKeys === "raw"} onChange={() => onChange((v) => ({ ...v, recordKeys: "raw" }))} />
          Keep the key
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="recordKeys" value="slot" checked={values.recordKeys === "slot"} onChange={() => onChange((v) => ({ ...v, recordKeys: "slot" }))} />
          Keep only its slot (for the router&apos;s seed): replays still place the key, nobody can read it
        </label>
      </fieldset>
      <fieldset className="flex flex-col gap-2" aria-describedby={`${ids.fields}-hint`}>
        <legend className="text-sm font-medium">Extra fields</legend>
        <p id={`${ids.fields}-hint`} className="text-xs text-muted-foreground">
          Recorded besides what the rules read, e.g. a field a future rule will use.
        </p>
        <ul className="flex flex-col gap-2">
          {values.recordFields.map((f, i) => {
            const error = fieldError(`settings.recordFields.${i}`) ?? fieldError(`settings.recordFields.${i}.key`);
            return (
              <li key={i} className="flex flex-col gap-1" data-testid={`record-field-${i}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <NativeSelect aria-label={`Source of recorded field ${i + 1}`} className="w-32" value={f.source} onChange={(e) => setField(i, { source: e.target.value as ConditionSource })}>
                    {SOURCES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </NativeSelect>
                  <Input
                    aria-label={`Key of recorded field ${i + 1}`}
                    aria-invalid={error ? true : undefined}
                    className="w-64 font-mono"
                    value={f.key}
                    placeholder={f.source === "payload" ? "user.plan" : "x-client"}
                    onChange={(e) => setField(i, { key: e.target.value })}
                  />
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove recorded field ${i + 1}`}
                    onClick={() => onChange((v) => ({ ...v, recordFields: v.recordFields.filter((_, j) => j !== i) }))}
                  >
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
                {error ? <p className="text-xs font-medium text-destructive">{error}</p> : null}
              </li>
            );
          })}
        </ul>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={values.recordFields.length >= 50}
          onClick={() => onChange((v) => ({ ...v, recordFields: [...v.recordFields, { source: "header", key: "" }] }))}
        >
          <PlusIcon aria-hidden="true" />
          Add field
        </Button>
      </fieldset>
    </fieldset>
  );
}
