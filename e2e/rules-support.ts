/**
 * Helpers of the rule-editor and audience specs: routers built through the API, the draft's
 * rule order read back from it, and pointer drags the way dnd-kit sees them.
 */
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import type { RouterDocumentInput } from "@/lib/router/document";
import { expect } from "./fixtures";
import { createRouter, json, routerApi } from "./router-helpers";

export type RuleInput = NonNullable<RouterDocumentInput["rules"]>[number];

export const ROUTES = [
  { name: "stable", url: "http://127.0.0.1:9001" },
  { name: "canary", url: "http://127.0.0.1:9002" },
  { name: "shadow", url: "http://127.0.0.1:9003" },
];

export function rule(name: string, conditions: RuleInput["conditions"], extra: Partial<RuleInput> = {}): RuleInput {
  return { name, conditions, strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [], ...extra };
}

export const header = (key: string, values: string[]) => ({ source: "header" as const, key, operator: "in" as const, values });

/** Creates a router with the three routes above and the given rules (default: all to stable). */
export async function routerWith(api: APIRequestContext, project: string, name: string, rules: RuleInput[], extra: Partial<RouterDocumentInput> = {}): Promise<void> {
  await createRouter(api, project, {
    name,
    routes: ROUTES,
    rules,
    defaultRule: { strategy: "random", split: [{ route: "stable", weight: 100 }], shadows: [] },
    ...extra,
  });
}

export async function ruleOrder(api: APIRequestContext, project: string, router: string): Promise<string[]> {
  const body = await json<{ items: { name: string }[] }>(await api.get(`${routerApi(project, router)}/rules`), "list rules");
  return body.items.map((r) => r.name);
}

export async function openRules(page: Page, project: string, router: string, { timeout = 30_000 }: { timeout?: number } = {}): Promise<void> {
  // A busy machine can take seconds to hydrate and start the analysis worker: wait for it, not the default 10 s.
  const options = { timeout };
  await page.goto(`/projects/${project}/routers/${router}?tab=rules`);
  await expect(page.getByTestId("rules-editor")).toBeVisible(options);
  // The analysis of the draft has run once the findings count is a number.
  await expect(page.getByTestId("findings-panel-count")).toHaveText(/^\d+$/, options);
}

export const card = (page: Page, rule: string) => page.getByTestId(`rule-card-${rule}`);
export const handle = (page: Page, rule: string) => page.getByRole("button", { name: `Reorder ${rule}`, exact: true });
export const liveRegion = (page: Page) => page.locator('[id^="DndLiveRegion"]');

/** Keyboard pick-up of a card (Space on its handle), once dnd-kit has announced it. */
export async function pickUp(page: Page, rule: string): Promise<void> {
  await handle(page, rule).focus();
  await page.keyboard.press("Space");
  await expect(liveRegion(page)).toContainText(`Picked up rule ${rule},`);
}

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error("element has no box");
  return b;
}

/**
 * A pointer drag in progress. dnd-kit measures the cards when the drag starts and compares
 * the dragged card's centre with theirs, so positions are computed from the layout before
 * the drag: `hover(rule)` puts the dragged card's centre on that card's centre.
 */
export class PointerDrag {
  private constructor(
    private readonly page: Page,
    private readonly grab: { x: number; y: number },
    private readonly offset: number,
    private readonly centres: Map<string, number>,
  ) {}

  static async start(page: Page, rule: string, rules: string[]): Promise<PointerDrag> {
    const centres = new Map<string, number>();
    for (const r of rules) {
      const b = await box(card(page, r));
      centres.set(r, b.y + b.height / 2);
    }
    const h = await box(handle(page, rule));
    const grab = { x: h.x + h.width / 2, y: h.y + h.height / 2 };
    const offset = centres.get(rule)! - grab.y;
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    // Past the 4 px activation distance.
    await page.mouse.move(grab.x, grab.y + 8, { steps: 4 });
    return new PointerDrag(page, grab, offset, centres);
  }

  /** Moves so that the dragged card sits over `rule`'s original place. */
  async hover(rule: string): Promise<void> {
    const y = this.centres.get(rule)! - this.offset;
    await this.page.mouse.move(this.grab.x, y, { steps: 12 });
  }

  async drop(): Promise<void> {
    await this.page.mouse.up();
  }

  async cancel(): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.page.mouse.up();
  }
}

/** Values of the split as the dialog shows them, in hundredths, by route. */
export async function shownWeights(page: Page, routes: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of routes) out[r] = Math.round(Number(await page.getByRole("spinbutton", { name: `Weight of ${r} in percent` }).inputValue()) * 100);
  return out;
}

export const sum = (weights: Record<string, number>) => Object.values(weights).reduce((a, b) => a + b, 0);
