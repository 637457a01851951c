"use client";

import { useId, useState, type FormEvent } from "react";
import { CheckIcon, CopyIcon, KeyRoundIcon, PlusIcon, TriangleAlertIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useCreateToken } from "@/components/tokens/queries/use-create-token";
import type { CreatedToken } from "@/components/tokens/types";

const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
  { value: "date", label: "On a date…" },
] as const;
type Expiry = (typeof EXPIRY_CHOICES)[number]["value"];

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The expiry as an ISO date-time, null for none, or an error message. */
function expiryOf(choice: Expiry, date: string): { value: string | null } | { error: string } {
  if (choice === "never") return { value: null };
  if (choice === "date") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { error: "Pick the day the token stops working." };
    // The token works until the end of that day, UTC (the console shows every time in UTC).
    const end = new Date(`${date}T23:59:59.999Z`);
    if (Number.isNaN(end.getTime()) || end.getTime() <= Date.now()) return { error: "Pick a day in the future." };
    return { value: end.toISOString() };
  }
  return { value: new Date(Date.now() + Number(choice) * 86_400_000).toISOString() };
}

function SecretStep({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const inputId = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
      toast.success("Token copied to the clipboard");
    } catch {
      // No clipboard permission (or an insecure origin): select it so Ctrl+C works.
      const input = document.getElementById(inputId) as HTMLInputElement | null;
      input?.select();
      toast.error("Could not copy automatically: the token is selected, press Ctrl+C (⌘C)");
    }
  }

  return (
    <>
      <DialogHeader>
        <DialogTitle>Token {created.name} created</DialogTitle>
        <DialogDescription>
          Send it as <code className="font-mono text-foreground">Authorization: Bearer &lt;token&gt;</code>. It{" "}
          {created.scope === "write" ? "can read, edit and deploy" : "can read"} this project&apos;s routers and audiences.
        </DialogDescription>
      </DialogHeader>
      <div role="alert" className="flex items-start gap-2 rounded-md border border-warning/30 bg-warning/10 px-3 py-2 text-sm text-warning">
        <TriangleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
        <span>
          Copy the token now. It is shown only this once: Turnout keeps only a hash of it, so nobody can show it again. If you
          lose it, revoke it and create another.
        </span>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={inputId}>Token</Label>
        <div className="flex gap-2">
          <Input
            id={inputId}
            readOnly
            value={created.token}
            className="font-mono text-xs"
            data-testid="token-secret"
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            autoComplete="off"
          />
          <Button variant="outline" onClick={copy} aria-label="Copy token">
            {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      </div>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

/**
 * Create an API token: a name, read or write scope, an optional expiry. On success the
 * dialog shows the secret once, with a copy button and a warning; closing it forgets the
 * secret (it is never put in the query cache).
 */
export function CreateTokenDialog({ project }: { project: string }) {
  const create = useCreateToken(project);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [expiry, setExpiry] = useState<Expiry>("90");
  const [date, setDate] = useState("");
  const [localErrors, setLocalErrors] = useState<{ name?: string; expiresAt?: string }>({});
  const created = create.data;

  function reset() {
    setName("");
    setScope("read");
    setExpiry("90");
    setDate("");
    setLocalErrors({});
    // Drops the mutation's result, and the secret with it.
    create.reset();
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: typeof localErrors = {};
    if (!SLUG.test(name)) errors.name = "Use lowercase letters, digits and dashes, starting with a letter or digit (at most 63).";
    const exp = expiryOf(expiry, date);
    if ("error" in exp) errors.expiresAt = exp.error;
    setLocalErrors(errors);
    if (errors.name || errors.expiresAt || "error" in exp) return;
    create.mutate({ name, scope, expiresAt: exp.value });
  }

  const serverError = create.error instanceof ApiError ? create.error : null;
  const nameError =
    localErrors.name ??
    serverError?.fieldError("name") ??
    (serverError?.status === 409 ? `This project already has a live token named ${name}: revoke it first, or choose another name.` : undefined);
  const expiryError = localErrors.expiresAt ?? serverError?.fieldError("expiresAt");

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          Create token
        </Button>
      </DialogTrigger>
      <DialogContent
        // While the secret is showing, a stray click outside must not throw it away.
        onInteractOutside={(e) => {
          if (created) e.preventDefault();
        }}
        data-testid="create-token-dialog"
      >
        {created ? (
          <SecretStep created={created} onDone={() => onOpenChange(false)} />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <DialogHeader>
              <DialogTitle className="flex items-center gap-2">
                <KeyRoundIcon aria-hidden="true" className="size-4" />
                Create an API token
              </DialogTitle>
              <DialogDescription>
                For automation (CI pipelines, scripts, the gateway&apos;s clients) that calls this project&apos;s API without a
                browser session.
              </DialogDescription>
            </DialogHeader>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="token-name">Name</Label>
              <Input
                id="token-name"
                value={name}
                onChange={(e) => setName(e.target.value.toLowerCase())}
                placeholder="e.g. ci-deploy"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={Boolean(nameError) || undefined}
                aria-describedby={nameError ? "token-name-error" : "token-name-hint"}
              />
              {nameError ? (
                <p id="token-name-error" className="text-sm text-destructive">
                  {nameError}
                </p>
              ) : (
                <p id="token-name-hint" className="text-xs text-muted-foreground">
                  Lowercase letters, digits and dashes; it names the token in lists and in the audit log.
                </p>
              )}
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1.5 text-sm font-medium">Scope</legend>
              {(
                [
                  ["read", "Read", "View routers, versions, audiences and the audit log; run analysis and simulations."],
                  ["write", "Write", "Everything Read does, plus edit routers and audiences, deploy and roll back."],
                ] as const
              ).map(([value, label, hint]) => (
                <label key={value} className="flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 has-checked:border-ring has-checked:bg-accent">
                  <input
                    type="radio"
                    name="token-scope"
                    value={value}
                    checked={scope === value}
                    onChange={() => setScope(value)}
                    className="mt-0.5 accent-primary"
                  />
                  <span className="flex flex-col gap-0.5">
                    <span className="text-sm font-medium">{label}</span>
                    <span className="text-xs text-muted-foreground">{hint}</span>
                  </span>
                </label>
              ))}
              <p className="text-xs text-muted-foreground">No token can manage members, tokens or the project itself.</p>
            </fieldset>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="token-expiry">Expires</Label>
              <NativeSelect id="token-expiry" value={expiry} onChange={(e) => setExpiry(e.target.value as Expiry)}>
                {EXPIRY_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </NativeSelect>
              {expiry === "date" ? (
                <>
                  <Label htmlFor="token-expiry-date" className="sr-only">
                    Expiry date
                  </Label>
                  <Input
                    id="token-expiry-date"
                    type="date"
                    value={date}
                    onChange={(e) => setDate(e.target.value)}
                    aria-invalid={Boolean(expiryError) || undefined}
                    aria-describedby="token-expiry-hint"
                  />
                  <p id="token-expiry-hint" className="text-xs text-muted-foreground">
                    The token works until the end of that day (UTC).
                  </p>
                </>
              ) : null}
              {expiryError ? <p className="text-sm text-destructive">{expiryError}</p> : null}
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create token"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
