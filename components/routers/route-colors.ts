/** Literal class names so Tailwind sees them; a route keeps its colour in every rule of a router. */
const ROUTE_COLORS = [
  "bg-route-1",
  "bg-route-2",
  "bg-route-3",
  "bg-route-4",
  "bg-route-5",
  "bg-route-6",
  "bg-route-7",
  "bg-route-8",
] as const;

export type RouteColors = (route: string) => string;

export function routeColors(routeNames: string[]): RouteColors {
  const index = new Map(routeNames.map((name, i) => [name, i]));
  return (route) => {
    const i = index.get(route);
    // Routes the router does not define (an analysis error) stay grey rather than borrowing a colour.
    return i === undefined ? "bg-muted-foreground" : ROUTE_COLORS[i % ROUTE_COLORS.length]!;
  };
}
