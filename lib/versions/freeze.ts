import { canonicalTable, decodeSlots, encodeSlots, rebalance, type SlotTable } from "@/lib/engine";
import type { DefaultRule, RouterDocument } from "@/lib/router/document";

function tableOf(body: DefaultRule): SlotTable {
  if (body.slots) {
    const decoded = decodeSlots(body.slots, body.split);
    if (decoded.ok) return decoded.table;
  }
  return canonicalTable(body.split);
}

function freezeBody<T extends DefaultRule>(body: T, previous: DefaultRule | undefined): T {
  if (body.strategy !== "sticky") {
    const { slots: _dropped, ...rest } = body;
    return rest as T;
  }
  // Sticky splits keep their keys where they were: start from the previously deployed table
  // of the same rule and move only the slots the new weights require.
  const table = previous && previous.strategy === "sticky" ? rebalance(tableOf(previous), body.split) : tableOf(body);
  return { ...body, slots: encodeSlots(table) };
}

/**
 * The document a deploy freezes: the draft with a slot table on every sticky split, moved
 * minimally from the active version's table for the rule of the same name (the default
 * rule from the default rule). Random splits carry no table.
 */
export function freezeDocument(draft: RouterDocument, active: RouterDocument | undefined): RouterDocument {
  const previousRules = new Map((active?.rules ?? []).map((r) => [r.name, r]));
  return {
    ...draft,
    rules: draft.rules.map((r) => freezeBody(r, previousRules.get(r.name))),
    ...(draft.defaultRule ? { defaultRule: freezeBody(draft.defaultRule, active?.defaultRule) } : {}),
  };
}
