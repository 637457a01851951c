"use client";

import { useHydrated } from "@/components/common/use-hydrated";
import type * as React from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

export type RouterTab = { value: string; label: string; content: React.ReactNode };

/**
 * Keeps the open tab in `?tab=` so a link or a reload lands on the same tab. The URL is
 * replaced, not pushed: switching tabs should not fill the back button's history.
 */
export function RouterTabs({ tabs, defaultValue }: { tabs: RouterTab[]; defaultValue: string }) {
  // Until React owns the page a click would be lost: the tabs wait (and so does browser automation).
  const hydrated = useHydrated();
  const onValueChange = (value: string) => {
    const url = new URL(window.location.href);
    if (value === tabs[0]?.value) url.searchParams.delete("tab");
    else url.searchParams.set("tab", value);
    window.history.replaceState(window.history.state, "", url);
  };
  return (
    <Tabs defaultValue={defaultValue} onValueChange={onValueChange}>
      <TabsList aria-label="Router sections">
        {tabs.map((tab) => (
          <TabsTrigger key={tab.value} value={tab.value} disabled={!hydrated}>
            {tab.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {tabs.map((tab) => (
        <TabsContent key={tab.value} value={tab.value}>
          {tab.content}
        </TabsContent>
      ))}
    </Tabs>
  );
}
