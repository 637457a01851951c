"use client";

import { useMutation } from "@tanstack/react-query";
import { requestReplay, type ReplayParams } from "./replay-request";

/** Runs a replay on demand (the simulator's Replay panel). */
export function useReplay(project: string, router: string) {
  return useMutation({ mutationFn: (params: ReplayParams) => requestReplay(project, router, params) });
}
