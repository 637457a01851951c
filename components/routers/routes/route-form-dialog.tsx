"use client";

import { useId, useState } from "react";
import type * as React from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { keys } from "@/lib/api-client/keys";
import { routeSchema, type Route } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { ConflictNotice } from "@/components/routers/conflict-notice";
import { Field, FormError } from "@/components/routers/form-controls";
import { routerConfigOptions } from "@/components/routers/queries/use-router-config";
import { useCreateRoute } from "@/components/routers/queries/use-create-route";
import { useUpdateRoute } from "@/components/routers/queries/use-update-route";

type Props = {
  project: string;
  router: string;
  /** The route being edited, or null to add one. */
  route: Route | null;
  /** The draft revision the dialog was opened at: the write is refused (412) if the draft moved on. */
  revision: number | null;
  onClose: () => void;
};

type Values = { name: string; url: string; timeoutMs: string };
type Errors = Partial<Record<keyof Values | "form", string>>;

function clientErrors(values: Values, creating: boolean): Errors {
  const parsed = routeSchema.safeParse({
    name: creating ? values.name.trim() : "placeholder",
    url: values.url.trim(),
    timeoutMs: values.timeoutMs.trim() === "" ? undefined : Number(values.timeoutMs),
  });
  if (parsed.success) return {};
  const errors: Errors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form") as keyof Errors;
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Add a route (name, URL, timeout) or change one's URL and timeout; errors show beside their field. */
export function RouteFormDialog({ project, router, route, revision, onClose }: Props) {
  const creating = route === null;
  const client = useQueryClient();
  const ids = { name: useId(), url: useId(), timeout: useId() };
  const [values, setValues] = useState<Values>({ name: route?.name ?? "", url: route?.url ?? "", timeoutMs: String(route?.timeoutMs ?? 2000) });
  const [errors, setErrors] = useState<Errors>({});
  const [base, setBase] = useState(revision);
  const [conflict, setConflict] = useState(false);
  const create = useCreateRoute(project, router);
  const update = useUpdateRoute(project, router);
  const pending = create.isPending || update.isPending;

  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const onError = (error: Error) => {
    if (error instanceof ApiError && error.isConflict) {
      setConflict(true);
      return;
    }
    if (error instanceof ApiError) {
      const next: Errors = {
        name: error.fieldError("name") ?? (error.status === 409 && error.code === "duplicate" ? error.detail : undefined),
        url: error.fieldError("url"),
        timeoutMs: error.fieldError("timeoutMs"),
      };
      if (!next.name && !next.url && !next.timeoutMs) next.form = error.detail;
      setErrors(next);
      return;
    }
    setErrors({ form: "The route could not be saved. Check your connection and try again." });
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = clientErrors(values, creating);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = { url: values.url.trim(), timeoutMs: Number(values.timeoutMs) };
    if (creating) {
      create.mutate(
        { route: { name: values.name.trim(), ...body }, revision: base },
        {
          onSuccess: () => {
            toast.success(`Route ${values.name.trim()} added to the draft`);
            onClose();
          },
          onError,
        },
      );
    } else {
      update.mutate(
        { name: route.name, patch: body, revision: base },
        {
          onSuccess: () => {
            toast.success(`Route ${route.name} saved`);
            onClose();
          },
          onError,
        },
      );
    }
  };

  const reload = async () => {
    const fresh = await client.fetchQuery({ ...routerConfigOptions(project, router), staleTime: 0 });
    await client.invalidateQueries({ queryKey: keys.router(project, router) });
    setBase(fresh.revision);
    setConflict(false);
    setErrors({});
    if (!creating) {
      const current = fresh.data.routes.find((r) => r.name === route.name);
      if (!current) {
        toast.error(`Route ${route.name} was removed by someone else`);
        onClose();
        return;
      }
      setValues({ name: current.name, url: current.url, timeoutMs: String(current.timeoutMs) });
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent data-testid="route-form-dialog">
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>{creating ? "Add a route" : `Edit route ${route.name}`}</DialogTitle>
            <DialogDescription>
              {creating
                ? "A route is a backend URL that serves the model. Add it to a rule's split to send it traffic."
                : "Requests this route serves go to the new URL once the draft is deployed."}
            </DialogDescription>
          </DialogHeader>
          {conflict ? <ConflictNotice onReload={() => void reload()} /> : null}
          {creating ? (
            <Field id={ids.name} label="Name" hint="Lowercase letters, digits and '-', e.g. canary or model-v2." error={errors.name}>
              {(aria) => <Input {...aria} name="name" autoComplete="off" value={values.name} onChange={set("name")} autoFocus />}
            </Field>
          ) : null}
          <Field id={ids.url} label="URL" hint="Absolute http(s) URL of the model server." error={errors.url}>
            {(aria) => <Input {...aria} name="url" type="url" autoComplete="off" placeholder="http://10.0.0.7:8080" value={values.url} onChange={set("url")} />}
          </Field>
          <Field id={ids.timeout} label="Timeout (ms)" hint="How long the gateway waits for this route before answering 504." error={errors.timeoutMs}>
            {(aria) => <Input {...aria} name="timeoutMs" type="number" inputMode="numeric" min={1} max={600000} value={values.timeoutMs} onChange={set("timeoutMs")} />}
          </Field>
          <FormError>{errors.form}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || conflict}>
              {pending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
              {creating ? "Add route" : "Save route"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
