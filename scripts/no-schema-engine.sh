#!/bin/sh
echo "Prisma's schema engine is not installed; Turnout applies prisma/migrations itself at start (lib/db/migrate.ts)." >&2
exit 1
