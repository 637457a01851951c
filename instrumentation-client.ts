import { z } from "zod";

// Runs in the browser before the app. Zod compiles object parsers with `new Function` where a
// page allows eval, and probes for that as soon as a schema is defined; the console's Content
// Security Policy forbids eval (lib/auth/security-headers.ts), so every page would report the
// probe as a violation. Parse without the compiler instead (the server keeps it).
z.config({ jitless: true });
