/**
 * What parts of a request a router's decision reads, worked out once per version so that a
 * request is only parsed as far as its router needs: a router with no payload condition and
 * no payload key never waits for the body, and one with no query field never parses it.
 */
import type { ConditionSource, RouterDocument } from "../router/document";

export interface RouterNeeds {
  readonly body: boolean;
  readonly query: boolean;
}

function reads(document: RouterDocument, source: ConditionSource): boolean {
  const audiences = new Set<string>();
  for (const rule of document.rules) {
    if (rule.audience) audiences.add(rule.audience);
    if (rule.conditions.some((c) => c.source === source)) return true;
  }
  for (const audience of document.audiences) {
    if (audiences.has(audience.name) && audience.conditions.some((c) => c.source === source)) return true;
  }
  // A field recorded for replay is read whenever the router records (a payload one means reading bodies).
  if (document.settings.recordPercent > 0 && document.settings.recordFields.some((f) => f.source === source)) return true;
  // Key sources are read only by sticky rules.
  const sticky = document.rules.some((r) => r.strategy === "sticky") || document.defaultRule?.strategy === "sticky";
  return sticky && document.settings.keySources.some((k) => k.source === source);
}

export function routerNeeds(document: RouterDocument): RouterNeeds {
  return { body: reads(document, "payload"), query: reads(document, "query") };
}
