"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React owns the page. Forms
 * rendered on the server mark their fields read-only until then: text typed into a
 * controlled input before hydration would be shown but never reach React's state (and
 * browser automation, which waits for fields to be editable, waits for this too).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
