/** Literal class names so Tailwind sees them. */
const ROUTE_COLORS = [
  "bg-route-1",
  "bg-route-2",
  "bg-route-3",
  "bg-route-4",
  "bg-route-5",
  "bg-route-6",
  "bg-route-7",
  "bg-route-8",
  "bg-route-9",
  "bg-route-10",
  "bg-route-11",
  "bg-route-12",
] as const;

export type RouteColors = (route: string) => string;

/** FNV-1a with murmur3's finaliser (so names differing in their last character spread): the name alone decides. */
function hash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The colour a route has wherever it appears, whatever other routes exist. */
export function routeColor(route: string): string {
  return ROUTE_COLORS[hash(route) % ROUTE_COLORS.length]!;
}

/**
 * A route's colour comes from its name, not its position: removing or adding a route never
 * recolours the others, and a before/after view shows a route in the same colour on both
 * sides. Routes the router does not define (an analysis error) stay grey.
 */
export function routeColors(routeNames: string[]): RouteColors {
  const known = new Set(routeNames);
  return (route) => (known.has(route) ? routeColor(route) : "bg-muted-foreground");
}
