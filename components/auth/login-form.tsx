"use client";

import { useEffect, useId, useState, type FormEvent } from "react";
import { LogInIcon, TriangleAlertIcon } from "lucide-react";
import { api, ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useHydrated } from "@/components/common/use-hydrated";

type Failure =
  | { kind: "credentials" }
  | { kind: "rate-limited"; until: number }
  | { kind: "fields"; email?: string; password?: string }
  | { kind: "other"; message: string };

function retryAfterSeconds(error: ApiError): number {
  const fromBody = Number(error.body.retryAfter);
  if (Number.isFinite(fromBody) && fromBody > 0) return fromBody;
  const fromDetail = /(\d+)\s*s\b/.exec(error.detail);
  return fromDetail ? Number(fromDetail[1]) : 60;
}

function seconds(n: number): string {
  return `${n} ${n === 1 ? "second" : "seconds"}`;
}

/**
 * Email and password, posted to `POST /api/v1/session`, which sets the httpOnly session
 * cookie. Failures are shown in the form: wrong credentials, the rate limit with a live
 * countdown (the button stays disabled until it runs out), or field errors.
 */
export function LoginForm({ next }: { next: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const errorId = useId();
  const hydrated = useHydrated();

  const waitLeft = failure?.kind === "rate-limited" ? Math.max(0, Math.ceil((failure.until - now) / 1000)) : 0;

  useEffect(() => {
    if (failure?.kind !== "rate-limited") return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= failure.until) {
        clearInterval(timer);
        setFailure(null);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [failure]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || waitLeft > 0) return;
    setPending(true);
    setFailure(null);
    try {
      await api("/session", { method: "POST", body: { email, password } });
      // A full page load: every server component (top bar, navigation) renders for the new
      // user, and nothing cached in the browser from a previous session survives.
      window.location.assign(next);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError && error.status === 401) {
        setFailure({ kind: "credentials" });
        setPassword("");
      } else if (error instanceof ApiError && error.status === 429) {
        const wait = retryAfterSeconds(error);
        setNow(Date.now());
        setFailure({ kind: "rate-limited", until: Date.now() + wait * 1000 });
      } else if (error instanceof ApiError && error.status === 422) {
        setFailure({ kind: "fields", email: error.fieldError("email"), password: error.fieldError("password") });
      } else {
        setFailure({ kind: "other", message: error instanceof ApiError ? error.detail : "The console could not be reached. Check your connection and try again." });
      }
    }
  }

  let message: string | null = null;
  if (failure?.kind === "credentials") message = "Wrong email or password.";
  else if (failure?.kind === "rate-limited") message = `Too many sign-in attempts. Try again in ${seconds(waitLeft)}.`;
  else if (failure?.kind === "other") message = failure.message;

  const emailError = failure?.kind === "fields" ? failure.email : undefined;
  const passwordError = failure?.kind === "fields" ? failure.password : undefined;
  const credentialsWrong = failure?.kind === "credentials";

  return (
    // method="post": should the form ever be submitted before React takes over (the button is
    // disabled until then), the password must not end up in a URL.
    <form onSubmit={onSubmit} method="post" className="flex flex-col gap-4" aria-describedby={message ? errorId : undefined} data-testid="login-form">
      {message ? (
        <div
          id={errorId}
          role="alert"
          data-testid="login-error"
          className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive"
        >
          <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>{message}</span>
        </div>
      ) : null}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="login-email">Email</Label>
        <Input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          readOnly={!hydrated}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={credentialsWrong || Boolean(emailError) || undefined}
          aria-describedby={emailError ? "login-email-error" : undefined}
        />
        {emailError ? (
          <p id="login-email-error" className="text-sm text-destructive">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="login-password">Password</Label>
        <Input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          readOnly={!hydrated}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={credentialsWrong || Boolean(passwordError) || undefined}
          aria-describedby={passwordError ? "login-password-error" : undefined}
        />
        {passwordError ? (
          <p id="login-password-error" className="text-sm text-destructive">
            {passwordError}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={!hydrated || pending || waitLeft > 0} className="mt-1">
        <LogInIcon aria-hidden="true" />
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
