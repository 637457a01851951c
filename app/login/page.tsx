import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { WaypointsIcon } from "lucide-react";
import { currentUser } from "@/lib/auth/page-session";
import { safeNextPath } from "@/lib/auth/next-path";
import { LoginForm } from "@/components/auth/login-form";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  // Someone already signed in has nothing to do here.
  if (await currentUser()) redirect(next);

  return (
    <div className="flex flex-1 items-start justify-center pt-8 sm:pt-16">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="mb-2 flex size-10 items-center justify-center rounded-full bg-muted">
            <WaypointsIcon aria-hidden="true" className="size-5" />
          </div>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Turnout</h1>
          <CardDescription>Use the email and password your administrator gave you.</CardDescription>
        </CardHeader>
        <CardContent>
          <LoginForm next={next} />
        </CardContent>
      </Card>
    </div>
  );
}
