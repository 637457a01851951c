"use client";

import { useHydrated } from "@/components/common/use-hydrated";
import type * as React from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";

export type RouterTab = { value: string; label: string; content: React.ReactNode };

/**
 * Keeps the open tab in `?tab=` so a link or a reload lands on the same tab; the page
 * holds which tab is open, so that a control on one tab can open another. The URL is
 * replaced, not pushed: switching tabs should not fill the back button's history.
 */
export function RouterTabs({ tabs, value, onChange }: { tabs: RouterTab[]; value: string; onChange: (value: string) => void }) {
  // Until React owns the page a click would be lost: the tabs wait (and so does browser automation).
  const hydrated = useHydrated();
  const onValueChange = (value: string) => {
    onChange(value);
    const url = new URL(window.location.href);
    if (value === tabs[0]?.value) url.searchParams.delete("tab");
    else url.searchParams.set("tab", value);
    window.history.replaceState(window.history.state, "", url);
  };
  return (
    <Tabs value={value} onValueChange={onValueChange}>
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
