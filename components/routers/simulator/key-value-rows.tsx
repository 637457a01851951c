"use client";

import { PlusIcon, XIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

export type KeyValue = { id: number; key: string; value: string };

let nextId = 1;
export const newRow = (key = "", value = ""): KeyValue => ({ id: nextId++, key, value });

/** Editable name/value pairs (headers, query parameters), each input labelled for screen readers. */
export function KeyValueRows({
  legend,
  noun,
  rows,
  onChange,
  keyPlaceholder,
  valuePlaceholder,
}: {
  legend: string;
  noun: string;
  rows: KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  keyPlaceholder: string;
  valuePlaceholder: string;
}) {
  const set = (id: number, patch: Partial<KeyValue>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {rows.length === 0 ? <p className="text-xs text-muted-foreground">None.</p> : null}
      {rows.map((row, i) => (
        <div key={row.id} className="flex items-center gap-2">
          <Input aria-label={`${noun} ${i + 1} name`} className="font-mono" placeholder={keyPlaceholder} value={row.key} onChange={(e) => set(row.id, { key: e.target.value })} />
          <Input aria-label={`${noun} ${i + 1} value`} className="font-mono" placeholder={valuePlaceholder} value={row.value} onChange={(e) => set(row.id, { value: e.target.value })} />
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((r) => r.id !== row.id))}>
            <XIcon aria-hidden="true" />
          </Button>
        </div>
      ))}
      <Button type="button" variant="outline" size="sm" className="w-fit" onClick={() => onChange([...rows, newRow()])}>
        <PlusIcon aria-hidden="true" />
        Add {noun.toLowerCase()}
      </Button>
    </fieldset>
  );
}
