"use client";

import * as React from "react";
import { PlusIcon, Trash2Icon } from "lucide-react";
import type { Condition, ConditionOperator, ConditionSource } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";
import { emptyCondition, OPERATORS, SOURCES, withOperator } from "./condition-draft";
import { errorAt, NO_ERRORS, type FieldErrors } from "./field-errors";
import { NativeSelect } from "@/components/ui/native-select";
import { ValuesInput } from "./values-input";

type ConditionBuilderProps = {
  /** Unique within the page: prefixes the controls' ids. */
  id: string;
  conditions: Condition[];
  onChange: (conditions: Condition[]) => void;
  /** Field errors keyed by path; `pathPrefix` is where the conditions sit (`conditions`). */
  errors?: FieldErrors;
  pathPrefix?: string;
  disabled?: boolean;
  /** What an empty list means here ("every request", or "an audience needs one"). */
  emptyText?: React.ReactNode;
};

let nextRowId = 0;
const rowId = () => `c${++nextRowId}`;

/**
 * Conditions ANDed together, one row each: source, key, operator and values (chips; two
 * numbers for `range`; none for `present`). Used by rules and audiences alike.
 */
export function ConditionBuilder({ id, conditions, onChange, errors = NO_ERRORS, pathPrefix = "conditions", disabled, emptyText }: ConditionBuilderProps) {
  // Stable row identities so a row's half-typed value survives removing the row above it.
  const [rows, setRows] = React.useState<string[]>(() => conditions.map(rowId));
  const ids = rows.length === conditions.length ? rows : conditions.map((_, i) => rows[i] ?? `${id}-r${i}`);

  const update = (i: number, next: Condition) => onChange(conditions.map((c, k) => (k === i ? next : c)));
  const add = () => {
    setRows([...ids, rowId()]);
    onChange([...conditions, emptyCondition()]);
  };
  const remove = (i: number) => {
    setRows(ids.filter((_, k) => k !== i));
    onChange(conditions.filter((_, k) => k !== i));
  };

  return (
    <div className="flex flex-col gap-3" data-testid={`${id}-conditions`}>
      {conditions.length === 0 ? <p className="text-sm text-muted-foreground">{emptyText ?? "No conditions."}</p> : null}
      <ol className="flex flex-col gap-3">
        {conditions.map((condition, i) => (
          <li key={ids[i]}>
            {i > 0 ? (
              <p className="mb-2 text-xs font-medium tracking-wide text-muted-foreground uppercase" aria-hidden="true">
                and
              </p>
            ) : null}
            <ConditionRow
              id={`${id}-${ids[i]}`}
              index={i}
              condition={condition}
              onChange={(next) => update(i, next)}
              onRemove={() => remove(i)}
              errors={errors}
              path={`${pathPrefix}.${i}`}
              disabled={disabled}
            />
          </li>
        ))}
      </ol>
      <div>
        <Button type="button" variant="outline" size="sm" onClick={add} disabled={disabled}>
          <PlusIcon aria-hidden="true" />
          Add condition
        </Button>
      </div>
    </div>
  );
}

type RowProps = {
  id: string;
  index: number;
  condition: Condition;
  onChange: (c: Condition) => void;
  onRemove: () => void;
  errors: FieldErrors;
  path: string;
  disabled?: boolean;
};

function ConditionRow({ id, index, condition, onChange, onRemove, errors, path, disabled }: RowProps) {
  const label = `condition ${index + 1}`;
  const source = SOURCES.find((s) => s.value === condition.source) ?? SOURCES[0]!;
  const operator = OPERATORS.find((o) => o.value === condition.operator);
  const keyError = errors[`${path}.key`];
  const valuesError = errorAt(errors, `${path}.values`);
  const rowError = errors[path] ?? errors[`${path}.operator`] ?? errors[`${path}.source`];
  return (
    <fieldset className="rounded-lg border bg-muted/20 p-3" data-testid="condition-row" aria-describedby={rowError ? `${id}-row-error` : undefined}>
      <legend className="sr-only">Condition {index + 1}</legend>
      <div className="grid gap-2 sm:grid-cols-[9rem_minmax(0,1fr)_10rem_auto] sm:items-start">
        <NativeSelect
          aria-label={`Source of ${label}`}
          value={condition.source}
          disabled={disabled}
          onChange={(e) => onChange({ ...condition, source: e.target.value as ConditionSource })}
        >
          {SOURCES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </NativeSelect>
        <div className="flex flex-col gap-1">
          <Input
            aria-label={`Key of ${label}`}
            value={condition.key}
            disabled={disabled}
            placeholder={source.keyHint}
            onChange={(e) => onChange({ ...condition, key: e.target.value })}
            aria-invalid={keyError ? true : undefined}
            aria-describedby={keyError ? `${id}-key-error` : undefined}
            className="font-mono"
          />
          {keyError ? (
            <p id={`${id}-key-error`} className="text-xs text-destructive">
              {keyError}
            </p>
          ) : null}
        </div>
        <NativeSelect
          aria-label={`Operator of ${label}`}
          value={condition.operator}
          disabled={disabled}
          onChange={(e) => onChange(withOperator(condition, e.target.value as ConditionOperator))}
        >
          {OPERATORS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
        <Button type="button" variant="ghost" size="icon" onClick={onRemove} disabled={disabled} aria-label={`Remove ${label}`} className="justify-self-end">
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>
      <div className="mt-2">
        {condition.operator === "present" ? (
          <p className="text-xs text-muted-foreground">Matches when the {source.label.toLowerCase()} {condition.key ? <span className="font-mono">{condition.key}</span> : "key"} exists; takes no values.</p>
        ) : condition.operator === "range" ? (
          <RangeInputs id={id} label={label} values={condition.values} onChange={(values) => onChange({ ...condition, values })} error={valuesError} disabled={disabled} />
        ) : (
          <ValuesInput
            id={`${id}-values`}
            label={label}
            operator={condition.operator}
            values={condition.values.map(String)}
            onChange={(values) => onChange({ ...condition, values })}
            error={valuesError}
            disabled={disabled}
          />
        )}
        {operator ? <p className="mt-1 text-xs text-muted-foreground">{operator.help}.</p> : null}
      </div>
      {rowError ? (
        <p id={`${id}-row-error`} className="mt-2 text-xs text-destructive">
          {rowError}
        </p>
      ) : null}
    </fieldset>
  );
}

function RangeInputs({ id, label, values, onChange, error, disabled }: { id: string; label: string; values: (string | number)[]; onChange: (v: number[]) => void; error?: string; disabled?: boolean }) {
  const initial = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const [min, setMin] = React.useState(() => initial(values[0]));
  const [max, setMax] = React.useState(() => initial(values[1]));
  const emit = (a: string, b: string) => {
    const lo = a.trim() === "" ? NaN : Number(a);
    const hi = b.trim() === "" ? NaN : Number(b);
    // Incomplete input leaves no values, which the check reports as "range takes exactly two numbers".
    onChange(Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : []);
  };
  const errorId = `${id}-range-error`;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <Input
          type="number"
          inputMode="decimal"
          step="any"
          aria-label={`Minimum of ${label}`}
          value={min}
          disabled={disabled}
          onChange={(e) => {
            setMin(e.target.value);
            emit(e.target.value, max);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="w-32 font-mono"
        />
        <span className="text-sm text-muted-foreground" aria-hidden="true">
          to
        </span>
        <Input
          type="number"
          inputMode="decimal"
          step="any"
          aria-label={`Maximum of ${label}`}
          value={max}
          disabled={disabled}
          onChange={(e) => {
            setMax(e.target.value);
            emit(min, e.target.value);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={cn("w-32 font-mono")}
        />
        <span className="text-xs text-muted-foreground">inclusive</span>
      </div>
      {error ? (
        <p id={errorId} className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
