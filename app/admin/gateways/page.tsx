import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { PageHeader } from "@/components/common/page-header";
import { GatewaysPanel } from "@/components/gateways/gateways-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  await requirePageAdmin();
  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Gateways"
        description="Every gateway process registered in the database, with the version it serves per router. After a deploy each one should show in sync within a second; one that stays behind missed the deploy and catches up at its next revision poll. Stale gateways (no heartbeat for three intervals) are removed after a day."
      />
      <GatewaysPanel />
    </>
  );
}
