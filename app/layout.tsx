import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type * as React from "react";
import { AppShell } from "@/components/layout/app-shell";
import { QueryProvider } from "@/components/providers/query-provider";
import { THEME_SCRIPT } from "@/components/theme/theme-script";
import { nonceOf } from "@/lib/auth/security-headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Turnout", template: "%s · Turnout" },
  description: "Traffic routing for model serving: splits, canaries, sticky keys, rules, audiences and shadows.",
  // An administration console: keep it out of search indexes (public/robots.txt says the same to crawlers).
  robots: { index: false, follow: false },
  icons: { icon: [{ url: "/icon.svg", type: "image/svg+xml" }, { url: "/icon-192.png", sizes: "192x192" }], apple: "/apple-touch-icon.png" },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#18181b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The page's policy only runs scripts carrying its nonce: without it, a dark theme (saved or the system's) would never apply.
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    // The theme script sets the class on <html> before React hydrates, hence the warning suppressed there.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <QueryProvider>
          <AppShell>{children}</AppShell>
        </QueryProvider>
      </body>
    </html>
  );
}
