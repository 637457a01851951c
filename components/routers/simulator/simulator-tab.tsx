"use client";

import { useHydrated } from "@/components/common/use-hydrated";
import { useEffect, useId, useRef, useState } from "react";
import type * as React from "react";
import { BarChart3Icon, FlaskConicalIcon, Loader2Icon } from "lucide-react";
import { ApiError } from "@/lib/api-client/fetch";
import { depthExceededIn, jsonValueProblems, MAX_JSON_DEPTH } from "@/lib/http/json-limits";
import type { RouterDocument, RoutingRequest } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Field, FormError, Textarea } from "@/components/routers/form-controls";
import { useRouterConfig } from "@/components/routers/queries/use-router-config";
import { useRouterSummary } from "@/components/routers/queries/use-router-summary";
import { useSimulate, type BatchResult, type SingleResult } from "@/components/routers/queries/use-simulate";
import { useVersion } from "@/components/routers/queries/use-version";
import { routeColors } from "@/components/routers/route-colors";
import { cn } from "@/lib/utils/cn";
import { DistributionChart } from "./distribution-chart";
import { KeyValueRows, newRow, type KeyValue } from "./key-value-rows";
import { PasteRequest } from "./paste-request";
import { formFromRequest, recordOf, type RequestForm } from "./request-form";
import { SAMPLE_SIZE, sampleRequests } from "./sample";
import { DecisionSummary, TraceView } from "./trace-view";
import { ReplayPanel } from "@/components/routers/replay/replay-panel";
import { decodeRequest, type SimulatorVersion } from "./request-link";

type Version = SimulatorVersion;

/** The payload sits in `request.body` (level 3 of the API's body) or `requests.N.body` (level 4). */
const MAX_PAYLOAD_DEPTH = MAX_JSON_DEPTH - 3;

/** The pasted payload, or why the API would refuse it (checked by the same functions the API uses). */
function parsePayload(text: string): { ok: true; body: unknown } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, body: undefined };
  const deep = depthExceededIn(text, MAX_PAYLOAD_DEPTH);
  if (deep !== null) {
    const at = deep.length > 60 ? `${deep.slice(0, 60)}…` : deep;
    return { ok: false, error: `The payload nests objects and arrays more than ${MAX_PAYLOAD_DEPTH} levels deep (at ${at}).` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` };
  }
  const [bad] = jsonValueProblems(body, MAX_PAYLOAD_DEPTH).strings;
  return bad ? { ok: false, error: `At ${bad.path}: ${bad.message}.` } : { ok: true, body };
}

/** A request handed over from elsewhere on the page (an overlap's example); `id` tells two hand-overs of one request apart. */
export type IncomingRequest = { request: RoutingRequest; id: number };

/**
 * Try a request against the draft or the active version: which rule matches (with every
 * condition's pass/fail), which route answers, the sticky key and slot, the shadows; or
 * sample 10 000 random sticky keys and compare where they land with the configured weights.
 */
export function SimulatorTab({ project, router, canEdit, incoming = null }: { project: string; router: string; canEdit: boolean; incoming?: IncomingRequest | null }) {
  const ids = { payload: useId(), version: useId(), method: useId(), path: useId() };
  const summary = useRouterSummary(project, router);
  const config = useRouterConfig(project, router);
  const [version, setVersion] = useState<Version>("draft");
  const activeNumber = summary.data?.activeVersion ?? null;
  const active = useVersion(project, router, version === "active" ? activeNumber : null);
  const [method, setMethod] = useState(incoming?.request.method ?? "POST");
  const [path, setPath] = useState(incoming?.request.path ?? "/");
  const [headers, setHeaders] = useState<KeyValue[]>(() => (incoming ? formFromRequest(incoming.request).headers : [newRow("x-shard-key", "")]));
  const [query, setQuery] = useState<KeyValue[]>(() => (incoming ? formFromRequest(incoming.request).query : []));
  const [payload, setPayload] = useState(() => (incoming ? formFromRequest(incoming.request).payload : ""));
  const [filledFrom, setFilledFrom] = useState<number | null>(incoming?.id ?? null);
  const [payloadError, setPayloadError] = useState<string | undefined>();
  const [single, setSingle] = useState<{ result: SingleResult; document: RouterDocument } | null>(null);
  const [batch, setBatch] = useState<{ result: BatchResult; document: RouterDocument } | null>(null);
  const simulateOne = useSimulate(project, router);
  const simulateMany = useSimulate(project, router);
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  // Set when a request arrives from elsewhere (a link, a replay's example): simulate it once its version is loaded.
  const [runWhenReady, setRunWhenReady] = useState(false);

  const fill = (form: RequestForm) => {
    setMethod(form.method);
    setPath(form.path);
    setHeaders(form.headers);
    setQuery(form.query);
    setPayload(form.payload);
    setPayloadError(undefined);
  };
  // A request handed over while the tab is mounted replaces the fields (adjusting state while rendering).
  if (incoming && incoming.id !== filledFrom) {
    setFilledFrom(incoming.id);
    fill(formFromRequest(incoming.request));
  }

  const doc: RouterDocument | undefined = version === "draft" ? config.data?.data : active.data?.document;
  const loadingDoc = version === "draft" ? config.isPending : active.isPending;
  const colors = routeColors((doc ?? config.data?.data)?.routes.map((r) => r.name) ?? []);

  const buildRequest = (): RoutingRequest | null => {
    const parsed = parsePayload(payload);
    if (!parsed.ok) {
      setPayloadError(parsed.error);
      return null;
    }
    setPayloadError(undefined);
    const h = recordOf(headers);
    const q = recordOf(query, true);
    return {
      method: method.trim() || "POST",
      path: path.trim() || "/",
      ...(Object.keys(h).length ? { headers: h } : {}),
      ...(Object.keys(q).length ? { query: q } : {}),
      ...(parsed.body !== undefined ? { body: parsed.body } : {}),
    };
  };

  const run = (e: React.FormEvent) => {
    e.preventDefault();
    const request = buildRequest();
    if (!request || !doc) return;
    const used = doc;
    simulateOne.mutate({ version, request }, { onSuccess: (result) => result.mode === "single" && setSingle({ result, document: used }) });
  };

  const sample = () => {
    const request = buildRequest();
    if (!request || !doc) return;
    const used = doc;
    const requests = sampleRequests(request, used.settings.keySources[0]);
    simulateMany.mutate({ version, requests }, { onSuccess: (result) => result.mode === "batch" && setBatch({ result, document: used }) });
  };

  /** Fills the form with `request` and simulates it against `target`. */
  const load = (request: RoutingRequest, target: Version) => {
    setVersion(target === "active" && activeNumber === null ? "draft" : target);
    fill(formFromRequest(request));
    setSingle(null);
    setRunWhenReady(true);
    formRef.current?.scrollIntoView({ block: "start" });
  };

  // A link such as `?tab=simulator&version=draft&request=…` (an example from a replay) opens here filled in.
  const linked = useRef(false);
  useEffect(() => {
    if (linked.current || summary.data === undefined) return;
    linked.current = true;
    const params = new URLSearchParams(window.location.search);
    const text = params.get("request");
    const request = text === null ? null : decodeRequest(text);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the URL is only readable once in the browser
    if (request !== null) load(request, params.get("version") === "active" ? "active" : "draft");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the active version is known
  }, [summary.data]);

  useEffect(() => {
    if (!runWhenReady || !doc || !hydrated) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-shot trigger, cleared as it fires
    setRunWhenReady(false);
    formRef.current?.requestSubmit();
  }, [runWhenReady, doc, hydrated]);

  const errorText = (error: unknown) => {
    if (!(error instanceof ApiError)) return "The simulation failed. Try again.";
    const [first] = error.errors;
    return first ? `${error.detail}: ${first.path} ${first.message}` : error.detail;
  };

  return (
    <div className="flex flex-col gap-8">
    <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <form ref={formRef} id="simulator-form" onSubmit={run} noValidate className="flex flex-col gap-5" aria-label="Request to simulate" data-testid="simulator-form">
        <fieldset disabled={!hydrated} className="contents">
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-sm font-medium">Version</legend>
          <div className="inline-flex w-fit rounded-md border p-0.5" role="radiogroup" aria-label="Version to simulate">
            {(["draft", "active"] as const).map((v) => (
              <label
                key={v}
                className={cn(
                  "cursor-pointer rounded px-3 py-1 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                  version === v ? "bg-primary text-primary-foreground" : "text-muted-foreground",
                  v === "active" && activeNumber === null && "cursor-not-allowed opacity-50",
                )}
              >
                <input
                  type="radio"
                  name={ids.version}
                  value={v}
                  className="sr-only"
                  checked={version === v}
                  disabled={v === "active" && activeNumber === null}
                  onChange={() => setVersion(v)}
                />
                {v === "draft" ? "Draft" : activeNumber !== null ? `Active (v${activeNumber})` : "Active (none)"}
              </label>
            ))}
          </div>
        </fieldset>

        <PasteRequest onFill={(request) => fill(formFromRequest(request))} />
        <div className="grid grid-cols-[6rem_minmax(0,1fr)] gap-2">
          <Field id={ids.method} label="Method">
            {(aria) => <Input {...aria} className="font-mono" maxLength={16} value={method} onChange={(e) => setMethod(e.target.value)} />}
          </Field>
          <Field id={ids.path} label="Path">
            {(aria) => <Input {...aria} className="font-mono" maxLength={8192} value={path} onChange={(e) => setPath(e.target.value)} />}
          </Field>
        </div>
        <KeyValueRows legend="Headers" noun="Header" rows={headers} onChange={setHeaders} keyPlaceholder="Header name" valuePlaceholder="Header value" />
        <KeyValueRows legend="Query parameters" noun="Query parameter" rows={query} onChange={setQuery} keyPlaceholder="Parameter name" valuePlaceholder="Parameter value" />
        <Field id={ids.payload} label="JSON payload" hint="The request body, as the gateway would parse it. Leave empty for none." error={payloadError}>
          {(aria) => (
            <Textarea
              {...aria}
              rows={8}
              spellCheck={false}
              className="font-mono text-xs"
              placeholder="A JSON object, for example the request body your client sends (empty: no body)"
              value={payload}
              onChange={(e) => {
                setPayload(e.target.value);
                if (payloadError) setPayloadError(undefined);
              }}
              onBlur={() => {
                const parsed = parsePayload(payload);
                setPayloadError(parsed.ok ? undefined : parsed.error);
              }}
            />
          )}
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={!doc || simulateOne.isPending}>
            {simulateOne.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <FlaskConicalIcon aria-hidden="true" />}
            Simulate
          </Button>
          <Button type="button" variant="outline" disabled={!doc || simulateMany.isPending} onClick={sample}>
            {simulateMany.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : <BarChart3Icon aria-hidden="true" />}
            Sample 10 000 keys
          </Button>
        </div>
        {doc && doc.settings.keySources.length > 0 ? (
          <p className="text-xs text-muted-foreground">
            Sampling puts a random key in {doc.settings.keySources[0]!.source} <span className="font-mono">{doc.settings.keySources[0]!.key}</span> of each request;
            the rest is the request above.
          </p>
        ) : null}
        {version === "active" && active.isError ? <FormError>The active version could not be loaded.</FormError> : null}
        </fieldset>
      </form>

      <div className="flex min-w-0 flex-col gap-6" aria-live="polite">
        {loadingDoc && !doc ? <Skeleton className="h-24 w-full" /> : null}
        <section aria-labelledby="sim-result-heading" className="flex flex-col gap-3">
          <h2 id="sim-result-heading" className="text-base font-semibold">
            Decision
          </h2>
          {simulateOne.isError ? <FormError>{errorText(simulateOne.error)}</FormError> : null}
          {single ? (
            <>
              <DecisionSummary decision={single.result.decision} trace={single.result.trace} colors={colors} />
              <h3 className="text-sm font-semibold">Trace</h3>
              <TraceView trace={single.result.trace} />
            </>
          ) : (
            <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
              Fill in a request and press Simulate to see which rule matches and which route answers.
            </p>
          )}
        </section>
        <section aria-labelledby="sim-sample-heading" className="flex flex-col gap-3">
          <h2 id="sim-sample-heading" className="text-base font-semibold">
            Distribution
          </h2>
          {simulateMany.isError ? <FormError>{errorText(simulateMany.error)}</FormError> : null}
          {simulateMany.isPending ? (
            <p role="status" className="text-sm text-muted-foreground">
              Routing {SAMPLE_SIZE.toLocaleString("en-US")} requests…
            </p>
          ) : null}
          {batch ? (
            <DistributionChart distribution={batch.result.distribution} document={batch.document} colors={colors} />
          ) : (
            <p className="rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
              Sample {SAMPLE_SIZE.toLocaleString("en-US")} random keys to compare where traffic lands with the configured weights.
            </p>
          )}
        </section>
      </div>
    </div>
    {canEdit ? <ReplayPanel project={project} router={router} activeVersion={activeNumber} onOpenExample={load} /> : null}
    </div>
  );
}
