"use client";

import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { useHydrated } from "@/components/common/use-hydrated";
import { useId, useState } from "react";
import type * as React from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ArrowDownIcon, ArrowUpIcon, Loader2Icon, PlusIcon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { type ConditionSource, type RouterDocument, type RouterSettings } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { Field, FormError, NativeSelect, Textarea } from "@/components/routers/form-controls";
import { useRouterConfig } from "@/components/routers/queries/use-router-config";
import { useUpdateRouter } from "@/components/routers/queries/use-update-router";
import { RouterSettingsList } from "@/components/routers/router-settings";
import { DeleteRouterCard } from "./delete-router-card";
import { RecordingFields } from "@/components/routers/replay/recording-fields";
import { recordingPatch, recordingValuesOf, type RecordingValues } from "@/components/routers/replay/recording-values";
import { SamplesStored } from "@/components/routers/replay/samples-stored";
import { KeepDisagreementsField, parseKeepDisagreements, type KeepDisagreementsValues } from "@/components/routers/settings/keep-disagreements-field";

type Values = RecordingValues &
  KeepDisagreementsValues & {
  description: string;
  keySources: { source: ConditionSource; key: string }[];
  missingKey: RouterSettings["missingKey"];
  strict: boolean;
  allowPin: boolean;
  seed: string;
};

/** Edits in progress, with the revision they started from: saving sends it as If-Match. */
type Editing = { values: Values; revision: number | null };

const valuesOf = (doc: RouterDocument): Values => ({
  description: doc.description ?? "",
  keySources: doc.settings.keySources.map((k) => ({ ...k })),
  missingKey: doc.settings.missingKey,
  strict: doc.settings.strict,
  allowPin: doc.settings.allowPin,
  seed: doc.settings.seed ?? "",
  keepDisagreements: String(doc.settings.keepDisagreements),
  ...recordingValuesOf(doc.settings),
});

const SOURCES: ConditionSource[] = ["header", "payload", "query"];

/** The router's description and settings; editors change them here, viewers read them. */
export function SettingsTab({ project, router, canEdit }: { project: string; router: string; canEdit: boolean }) {
  const config = useRouterConfig(project, router);
  if (config.isPending) return <LoadingRows what="settings" rows={["h-9", "h-24"]} className="gap-3" />;
  if (config.isError) return <LoadFailed what="settings" error={config.error} onRetry={() => void config.refetch()} />;
  const doc = config.data.data;
  if (!canEdit) {
    return (
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <h2 className="text-sm font-medium">Description</h2>
          <p className="text-sm text-muted-foreground" data-testid="router-description">
            {doc.description || "No description."}
          </p>
        </div>
        <RouterSettingsList settings={doc.settings} routerName={doc.name} />
        <SamplesStored project={project} router={router} canEdit={false} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-10">
      <SettingsForm project={project} router={router} doc={doc} revision={config.data.revision} />
      <SamplesStored project={project} router={router} canEdit />
      <DeleteRouterCard project={project} router={router} />
    </div>
  );
}

function SettingsForm({ project, router, doc, revision }: { project: string; router: string; doc: RouterDocument; revision: number | null }) {
  const client = useQueryClient();
  const ids = { description: useId(), missingKey: useId(), strict: useId(), allowPin: useId(), seed: useId(), keySources: useId() };
  const [editing, setEditing] = useState<Editing | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useUpdateRouter(project, router);
  const hydrated = useHydrated();
  const values = editing?.values ?? valuesOf(doc);
  // A newer revision while editing means someone else saved meanwhile (our own save is pending until it settles).
  const conflict = (update.error instanceof ApiError && update.error.isConflict) || (editing !== null && !update.isPending && revision !== editing.revision);

  const change = (fn: (v: Values) => Values) =>
    setEditing((e) => ({ values: fn(e?.values ?? valuesOf(doc)), revision: e?.revision ?? revision }));

  const setSource = (i: number, patch: Partial<Values["keySources"][number]>) =>
    change((v) => ({ ...v, keySources: v.keySources.map((k, j) => (j === i ? { ...k, ...patch } : k)) }));
  const moveSource = (i: number, by: -1 | 1) =>
    change((v) => {
      const list = [...v.keySources];
      const [item] = list.splice(i, 1);
      list.splice(i + by, 0, item!);
      return { ...v, keySources: list };
    });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const found: Record<string, string> = {};
    values.keySources.forEach((k, i) => {
      if (!k.key.trim()) found[`settings.keySources.${i}.key`] = "Name the header, payload path or query parameter.";
    });
    const keep = parseKeepDisagreements(values.keepDisagreements);
    if (!keep.ok) found["settings.keepDisagreements"] = keep.error;
    const recording = recordingPatch(values);
    if (!recording.ok) Object.assign(found, recording.errors);
    setErrors(found);
    if (Object.keys(found).length > 0 || !recording.ok || !keep.ok) return;
    const seed = values.seed.trim();
    update.mutate(
      {
        revision: editing.revision,
        patch: {
          description: values.description,
          settings: {
            keySources: values.keySources.map((k) => ({ source: k.source, key: k.key.trim() })),
            missingKey: values.missingKey,
            strict: values.strict,
            allowPin: values.allowPin,
            keepDisagreements: keep.keep,
            // An empty seed means the router's name, the default; the API merges settings, so say it explicitly.
            ...(seed ? { seed } : doc.settings.seed ? { seed: doc.name } : {}),
            ...recording.patch,
          },
        },
      },
      {
        onSuccess: () => {
          setEditing(null);
          toast.success("Settings saved to the draft");
        },
        onError: (error) => {
          if (error instanceof ApiError && !error.isConflict) {
            setErrors(Object.fromEntries(error.errors.map((x) => [x.path, x.message])));
          }
        },
      },
    );
  };

  const reload = async () => {
    update.reset();
    setErrors({});
    await client.invalidateQueries({ queryKey: keys.router(project, router) });
    setEditing(null);
  };

  const fieldError = (path: string) => errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}.`))?.[1];
  const otherError = update.error && !(update.error instanceof ApiError && (update.error.isConflict || update.error.errors.length > 0))
    ? update.error instanceof ApiError
      ? update.error.detail
      : "The settings could not be saved. Try again."
    : null;

  return (
    <form onSubmit={submit} noValidate className="flex max-w-3xl flex-col gap-6" data-testid="settings-form">
      {/* Server-rendered: text typed before hydration would never reach React's state, so the fields wait. */}
      <fieldset disabled={!hydrated} className="contents">
      {conflict ? <ConflictNotice onReload={() => void reload()} detail={update.error instanceof ApiError ? update.error.detail : undefined} /> : null}

      <Field id={ids.description} label="Description" hint="Shown under the router's name." error={fieldError("description")}>
        {(aria) => (
          <Textarea {...aria} name="description" rows={2} maxLength={1000} value={values.description} onChange={(e) => change((v) => ({ ...v, description: e.target.value }))} />
        )}
      </Field>

      <fieldset className="flex flex-col gap-2" aria-describedby={`${ids.keySources}-hint`}>
        <legend className="text-sm font-medium">Key sources</legend>
        <p id={`${ids.keySources}-hint`} className="text-xs text-muted-foreground">
          Where sticky rules look for their key, in this order; the first one present wins.
        </p>
        {values.keySources.length === 0 ? <p className="text-sm text-muted-foreground">None: sticky rules never find a key.</p> : null}
        <ol className="flex flex-col gap-2">
          {values.keySources.map((k, i) => {
            const error = fieldError(`settings.keySources.${i}`);
            return (
              <li key={i} className="flex flex-col gap-1" data-testid={`key-source-${i}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="w-5 text-right text-xs tabular-nums text-muted-foreground">{i + 1}.</span>
                  <NativeSelect
                    aria-label={`Source of key source ${i + 1}`}
                    className="w-32"
                    value={k.source}
                    onChange={(e) => setSource(i, { source: e.target.value as ConditionSource })}
                  >
                    {SOURCES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </NativeSelect>
                  <Input
                    aria-label={`Key of key source ${i + 1}`}
                    aria-invalid={error ? true : undefined}
                    className="w-64 font-mono"
                    value={k.key}
                    placeholder={k.source === "payload" ? "dispatch.dispatchKey" : "x-shard-key"}
                    onChange={(e) => setSource(i, { key: e.target.value })}
                  />
                  <Button type="button" variant="ghost" size="icon" aria-label={`Move key source ${i + 1} up`} disabled={i === 0} onClick={() => moveSource(i, -1)}>
                    <ArrowUpIcon aria-hidden="true" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Move key source ${i + 1} down`}
                    disabled={i === values.keySources.length - 1}
                    onClick={() => moveSource(i, 1)}
                  >
                    <ArrowDownIcon aria-hidden="true" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove key source ${i + 1}`}
                    onClick={() => change((v) => ({ ...v, keySources: v.keySources.filter((_, j) => j !== i) }))}
                  >
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
                {error ? <p className="pl-7 text-xs font-medium text-destructive">{error}</p> : null}
              </li>
            );
          })}
        </ol>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={values.keySources.length >= 10}
          onClick={() => change((v) => ({ ...v, keySources: [...v.keySources, { source: "header", key: "" }] }))}
        >
          <PlusIcon aria-hidden="true" />
          Add key source
        </Button>
      </fieldset>

      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium">When a sticky rule finds no key</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="missingKey" value="reject" checked={values.missingKey === "reject"} onChange={() => change((v) => ({ ...v, missingKey: "reject" }))} />
          Reject the request (400 with a clear message)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="missingKey" value="random" checked={values.missingKey === "random"} onChange={() => change((v) => ({ ...v, missingKey: "random" }))} />
          Fall back to a random draw
        </label>
      </fieldset>

      <div className="flex flex-col gap-3">
        <div className="flex items-start gap-2">
          <input id={ids.strict} type="checkbox" className="mt-0.5 size-4" checked={values.strict} onChange={(e) => change((v) => ({ ...v, strict: e.target.checked }))} aria-describedby={`${ids.strict}-hint`} />
          <div className="flex flex-col gap-1">
            <Label htmlFor={ids.strict}>Strict</Label>
            <p id={`${ids.strict}-hint`} className="text-xs text-muted-foreground">
              Overlapping rules and routes no rule uses become errors that block a deploy (Turing&apos;s orthogonality check).
            </p>
          </div>
        </div>
        <div className="flex items-start gap-2">
          <input id={ids.allowPin} type="checkbox" className="mt-0.5 size-4" checked={values.allowPin} onChange={(e) => change((v) => ({ ...v, allowPin: e.target.checked }))} aria-describedby={`${ids.allowPin}-hint`} />
          <div className="flex flex-col gap-1">
            <Label htmlFor={ids.allowPin}>Allow pin</Label>
            <p id={`${ids.allowPin}-hint`} className="text-xs text-muted-foreground">
              Callers may pick a route with the <code className="font-mono">x-turnout-route</code> header.
            </p>
          </div>
        </div>
      </div>

      <Field
        id={ids.seed}
        label="Seed"
        hint={`Mixed into every sticky key before bucketing; changing it reshuffles which key lands where. Empty means the router name (${doc.name}).`}
        error={fieldError("settings.seed")}
      >
        {(aria) => <Input {...aria} name="seed" className="font-mono" maxLength={256} value={values.seed} placeholder={doc.name} onChange={(e) => change((v) => ({ ...v, seed: e.target.value }))} />}
      </Field>

      <KeepDisagreementsField values={values} onChange={change} fieldError={fieldError} />
      <RecordingFields values={values} onChange={change} fieldError={fieldError} />

      <FormError>{otherError}</FormError>

      <div className="flex gap-2">
        <Button type="submit" disabled={!editing || update.isPending}>
          {update.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
          Save settings
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={!editing || update.isPending}
          onClick={() => {
            update.reset();
            setEditing(null);
            setErrors({});
          }}
        >
          Discard changes
        </Button>
      </div>
      </fieldset>
    </form>
  );
}
