"use client";

import * as React from "react";
import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";
import { watchReferenceAccessibility } from "./reference-accessibility";
import { REFERENCE_CSS } from "./reference-theme";

type Scheme = "dark" | "light";

/** The console's theme: `.dark` on <html>, set by the theme script and the top bar's toggle. */
function subscribeToConsoleTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const consoleScheme = (): Scheme => (document.documentElement.classList.contains("dark") ? "dark" : "light");
const noSchemeOnServer = (): Scheme | null => null;

/**
 * Scalar marks <body> with `dark-mode` or `light-mode` once, when it mounts, and ignores later
 * changes of `forceDarkModeState`: following the console's toggle means setting them here.
 */
function useSchemeOnBody(scheme: Scheme | null): void {
  React.useEffect(() => {
    if (!scheme) return;
    document.body.classList.toggle("dark-mode", scheme === "dark");
    document.body.classList.toggle("light-mode", scheme === "light");
  }, [scheme]);
  React.useEffect(() => () => document.body.classList.remove("dark-mode", "light-mode"), []);
}

/**
 * The interactive API reference (Scalar), fed by /api/v1/openapi.json from this server.
 * Everything it needs is bundled: no web fonts, telemetry, AI agent or request proxy, so
 * it works offline; "Test request" calls this same origin, with the console's session
 * cookie, or a bearer token chosen in the Authentication panel. It takes the console's
 * light or dark theme and follows the console's toggle (Scalar's own toggle is hidden).
 */
export function ApiReference() {
  const scheme = React.useSyncExternalStore(subscribeToConsoleTheme, consoleScheme, noSchemeOnServer);
  const container = React.useRef<HTMLDivElement>(null);
  useSchemeOnBody(scheme);
  React.useEffect(() => (container.current ? watchReferenceAccessibility(container.current) : undefined), []);
  // Scalar mounts in the browser only: wait for the console's theme to be known there.
  return <div ref={container}>{scheme ? <Reference initialScheme={scheme} /> : null}</div>;
}

function Reference({ initialScheme }: { initialScheme: Scheme }) {
  // One configuration for the component's life: a new object would make Scalar reload it.
  const [configuration] = React.useState(() => ({
    url: "/api/v1/openapi.json",
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never" as const,
    hideDarkModeToggle: true,
    // Its "Open API Client" link would hand this console's address to client.scalar.com.
    hideClientButton: true,
    forceDarkModeState: initialScheme,
    customCss: REFERENCE_CSS,
    documentDownloadType: "json" as const,
    layout: "modern" as const,
    defaultOpenAllTags: false,
    operationTitleSource: "summary" as const,
    // Signed in to the console, requests carry the session cookie; automation picks bearerToken.
    authentication: { preferredSecurityScheme: "sessionCookie" },
  }));
  return <ApiReferenceReact configuration={configuration} />;
}
