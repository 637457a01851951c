import type * as React from "react";
import type { RouterSettings } from "@/lib/router/document";
import { Badge } from "@/components/ui/badge";

function Row({ term, children, hint }: { term: string; children: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium">{term}</dt>
      <dd className="flex flex-col gap-1 text-sm">
        <div>{children}</div>
        {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      </dd>
    </div>
  );
}

function YesNo({ value }: { value: boolean }) {
  return <Badge variant={value ? "default" : "outline"}>{value ? "on" : "off"}</Badge>;
}

export function RouterSettingsList({ settings, routerName }: { settings: RouterSettings; routerName: string }) {
  return (
    <dl className="divide-y" data-testid="router-settings">
      <Row term="Key sources" hint="Where a sticky rule looks for its key, in this order; the first one present wins.">
        {settings.keySources.length > 0 ? (
          <ol className="flex flex-col gap-1">
            {settings.keySources.map((k, i) => (
              <li key={`${k.source}:${k.key}`} className="flex items-center gap-2">
                <span className="w-4 text-right text-xs tabular-nums text-muted-foreground">{i + 1}.</span>
                <span className="text-muted-foreground">{k.source}</span>
                <span className="font-mono">{k.key}</span>
              </li>
            ))}
          </ol>
        ) : (
          <span className="text-muted-foreground">None: sticky rules never find a key</span>
        )}
      </Row>
      <Row
        term="Missing key"
        hint={
          settings.missingKey === "reject"
            ? "A sticky rule that finds no key answers 400 with a clear message."
            : "A sticky rule that finds no key falls back to a random draw."
        }
      >
        <span className="font-mono">{settings.missingKey}</span>
      </Row>
      <Row
        term="Strict"
        hint="Strict routers treat overlapping rules and routes no rule uses as errors, not warnings."
      >
        <YesNo value={settings.strict} />
      </Row>
      <Row term="Allow pin" hint={<>Lets a caller pick a route directly with the <code className="font-mono">x-turnout-route</code> header.</>}>
        <YesNo value={settings.allowPin} />
      </Row>
      <Row term="Seed" hint="Mixed into every sticky key before bucketing; changing it reshuffles which key lands where.">
        {settings.seed ? (
          <span className="font-mono">{settings.seed}</span>
        ) : (
          <span>
            <span className="font-mono">{routerName}</span> <span className="text-muted-foreground">(the router name, by default)</span>
          </span>
        )}
      </Row>
      <Row
        term="Recording"
        hint="The share of requests the gateway records for replay (the decision and the fields the rules read), at most so many a second per gateway."
      >
        <span data-testid="recording-summary">
          {settings.recordPercent === 0 ? "off" : `${settings.recordPercent} % of requests, at most ${settings.recordMaxPerSecond.toLocaleString("en-US")} a second`}
          {settings.recordPercent > 0 ? `; sticky keys ${settings.recordKeys === "slot" ? "as their slot only" : "kept"}` : ""}
        </span>
      </Row>
      {settings.recordFields.length > 0 ? (
        <Row term="Extra recorded fields">
          <ul className="flex flex-col gap-1">
            {settings.recordFields.map((f) => (
              <li key={`${f.source}:${f.key}`} className="flex items-center gap-2">
                <span className="text-muted-foreground">{f.source}</span>
                <span className="font-mono">{f.key}</span>
              </li>
            ))}
          </ul>
        </Row>
      ) : null}
      <Row term="Keep disagreements" hint="How many of the latest shadow disagreements the gateways store, with their requests and answers (Traffic tab).">
        {settings.keepDisagreements > 0 ? <span className="tabular-nums">{settings.keepDisagreements}</span> : <span className="text-muted-foreground">none</span>}
      </Row>
    </dl>
  );
}
