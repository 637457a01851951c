"use client";

import { XIcon } from "lucide-react";
import type { CompareField } from "@/lib/shadows/spec";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { FieldErrors } from "@/components/conditions/field-errors";

type Kind = "equal" | "tolerance" | "topK";

const kindOf = (field: CompareField): Kind => (field.topK !== undefined ? "topK" : field.tolerance !== undefined ? "tolerance" : "equal");

/** "" is absent; anything else the number typed (the browser only hands over valid numbers). */
const numberOf = (text: string): number | undefined => (text === "" ? undefined : Number(text));

type CompareFieldRowProps = {
  id: string;
  /** "field 2 of canary": names the controls. */
  label: string;
  field: CompareField;
  onChange: (field: CompareField) => void;
  onRemove: () => void;
  /** Errors under this field (`path`, `tolerance`, `topK`, `by`, or "" for the field itself). */
  errors: FieldErrors;
  disabled?: boolean;
};

function Problem({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-xs text-destructive" data-testid={id}>
      {message}
    </p>
  );
}

/** One compared field: its path, then equal / within a tolerance / the same top-k set. */
export function CompareFieldRow({ id, label, field, onChange, onRemove, errors, disabled }: CompareFieldRowProps) {
  const kind = kindOf(field);
  const setKind = (next: Kind) => {
    const { path } = field;
    if (next === "equal") onChange({ path });
    else if (next === "tolerance") onChange({ path, tolerance: { absolute: 0.01 } });
    else onChange({ path, topK: 3 });
  };
  const own = errors[""];
  const describe = (key: string) => (errors[key] ? `${id}-${key}-error` : undefined);
  return (
    <li className="flex flex-col gap-1.5 rounded-md border p-2" data-testid={`${id}-row`}>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-40 flex-1 flex-col gap-1 text-xs">
          <span className="text-muted-foreground">Path</span>
          <Input
            value={field.path}
            onChange={(e) => onChange({ ...field, path: e.target.value })}
            placeholder="predictions.0.label"
            className="h-8 font-mono text-xs"
            spellCheck={false}
            autoComplete="off"
            aria-label={`Path of ${label}`}
            aria-invalid={errors.path ? true : undefined}
            aria-describedby={describe("path")}
            disabled={disabled}
          />
        </label>
        <label className="flex w-44 flex-col gap-1 text-xs">
          <span className="text-muted-foreground">Agrees when</span>
          <NativeSelect value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label={`How ${label} is compared`} disabled={disabled} className="[&_select]:h-8 [&_select]:text-xs">
            <option value="equal">equal</option>
            <option value="tolerance">within a tolerance</option>
            <option value="topK">same top-k set</option>
          </NativeSelect>
        </label>
        {kind === "tolerance" ? (
          <>
            <label className="flex w-24 flex-col gap-1 text-xs">
              <span className="text-muted-foreground">± absolute</span>
              <Input
                type="number"
                step="any"
                value={field.tolerance?.absolute ?? ""}
                onChange={(e) => onChange({ ...field, tolerance: { ...field.tolerance, absolute: numberOf(e.target.value) } })}
                className="h-8 text-xs"
                aria-label={`Absolute tolerance of ${label}`}
                aria-invalid={errors.tolerance ? true : undefined}
                aria-describedby={describe("tolerance")}
                disabled={disabled}
              />
            </label>
            <label className="flex w-24 flex-col gap-1 text-xs">
              <span className="text-muted-foreground">or relative</span>
              <Input
                type="number"
                step="any"
                value={field.tolerance?.relative ?? ""}
                onChange={(e) => onChange({ ...field, tolerance: { ...field.tolerance, relative: numberOf(e.target.value) } })}
                placeholder="0.05"
                className="h-8 text-xs"
                aria-label={`Relative tolerance of ${label}`}
                aria-invalid={errors.tolerance ? true : undefined}
                aria-describedby={describe("tolerance")}
                disabled={disabled}
              />
            </label>
          </>
        ) : null}
        {kind === "topK" ? (
          <>
            <label className="flex w-20 flex-col gap-1 text-xs">
              <span className="text-muted-foreground">k</span>
              <Input
                type="number"
                step="1"
                value={field.topK ?? ""}
                onChange={(e) => onChange({ ...field, topK: numberOf(e.target.value) })}
                className="h-8 text-xs"
                aria-label={`k of ${label}`}
                aria-invalid={errors.topK ? true : undefined}
                aria-describedby={describe("topK")}
                disabled={disabled}
              />
            </label>
            <label className="flex w-32 flex-col gap-1 text-xs">
              <span className="text-muted-foreground">by (optional)</span>
              <Input
                value={field.by ?? ""}
                onChange={(e) => onChange({ ...field, by: e.target.value === "" ? undefined : e.target.value })}
                placeholder="label"
                className="h-8 font-mono text-xs"
                spellCheck={false}
                autoComplete="off"
                aria-label={`Element key of ${label}`}
                aria-invalid={errors.by ? true : undefined}
                aria-describedby={describe("by")}
                disabled={disabled}
              />
            </label>
          </>
        ) : null}
        <Button type="button" variant="ghost" size="icon" className="size-8" aria-label={`Remove ${label}`} onClick={onRemove} disabled={disabled}>
          <XIcon aria-hidden="true" />
        </Button>
      </div>
      <Problem id={`${id}-path-error`} message={errors.path} />
      <Problem id={`${id}-tolerance-error`} message={errors.tolerance} />
      <Problem id={`${id}-topK-error`} message={errors.topK} />
      <Problem id={`${id}-by-error`} message={errors.by} />
      <Problem id={`${id}-error`} message={own} />
    </li>
  );
}
