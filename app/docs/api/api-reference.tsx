"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

/**
 * The interactive API reference (Scalar), fed by /api/v1/openapi.json from this server.
 * Everything it needs is bundled: no web fonts, telemetry, AI agent or request proxy, so
 * it works offline; "Test request" calls this same origin, with the console's session
 * cookie, or a bearer token chosen in the Authentication panel.
 */
export function ApiReference() {
  return (
    <ApiReferenceReact
      configuration={{
        url: "/api/v1/openapi.json",
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        showDeveloperTools: "never",
        hideDarkModeToggle: true,
        documentDownloadType: "json",
        layout: "modern",
        defaultOpenAllTags: false,
        operationTitleSource: "summary",
        // Signed in to the console, requests carry the session cookie; automation picks bearerToken.
        authentication: { preferredSecurityScheme: "sessionCookie" },
      }}
    />
  );
}
