import type { Metadata } from "next";
import { requirePageAdmin } from "@/lib/auth/page-session";
import { PageHeader } from "@/components/common/page-header";
import { UsersPanel } from "@/components/users/users-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requirePageAdmin();
  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Users"
        description="Everyone who can sign in to this console. Users see the projects they are members of; administrators see every project, act as its owner, and manage users. Project roles are set on each project's settings page."
      />
      <UsersPanel currentEmail={admin.email} />
    </>
  );
}
