"use client";

import { useId } from "react";
import { MAX_KEPT_DISAGREEMENTS } from "@/lib/router/document";
import { Input } from "@/components/ui/input";
import { Field } from "@/components/routers/form-controls";

export type KeepDisagreementsValues = {
  /** As typed: "" is 0. */
  keepDisagreements: string;
};

type Props<V extends KeepDisagreementsValues> = { values: V; onChange: (fn: (v: V) => V) => void; fieldError: (path: string) => string | undefined };

/** How many shadow disagreements the gateways store for this router. */
export function KeepDisagreementsField<V extends KeepDisagreementsValues>({ values, onChange, fieldError }: Props<V>) {
  const id = useId();
  return (
    <Field
      id={id}
      label="Keep disagreements"
      hint={`How many of the latest shadow disagreements the gateways store (0–${MAX_KEPT_DISAGREEMENTS}), each with the request (the headers the rules read, the query and the body) and both answers, bodies cut at 32 KiB; shown on the Traffic tab. 0 stores none. Takes effect when deployed.`}
      error={fieldError("settings.keepDisagreements")}
    >
      {(aria) => (
        <Input
          {...aria}
          name="keepDisagreements"
          type="number"
          min={0}
          max={MAX_KEPT_DISAGREEMENTS}
          step={1}
          className="w-32"
          value={values.keepDisagreements}
          onChange={(e) => onChange((v) => ({ ...v, keepDisagreements: e.target.value }))}
        />
      )}
    </Field>
  );
}

/** The typed count, or an error message for the field. */
export function parseKeepDisagreements(typed: string): { ok: true; keep: number } | { ok: false; error: string } {
  const keep = typed.trim() === "" ? 0 : Number(typed);
  return Number.isInteger(keep) && keep >= 0 && keep <= MAX_KEPT_DISAGREEMENTS ? { ok: true, keep } : { ok: false, error: `A whole number from 0 to ${MAX_KEPT_DISAGREEMENTS}.` };
}
