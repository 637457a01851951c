import type { z } from "zod";
import type { convergenceSchema, fleetResponseSchema, routerFleetResponseSchema } from "@/lib/fleet/schema";

export type Fleet = z.infer<typeof fleetResponseSchema>;
export type FleetGateway = Fleet["gateways"][number];
export type RouterFleet = z.infer<typeof routerFleetResponseSchema>;
export type Convergence = z.infer<typeof convergenceSchema>;
