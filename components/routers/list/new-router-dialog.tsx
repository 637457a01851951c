"use client";

import { useHydrated } from "@/components/common/use-hydrated";
import { useId, useState } from "react";
import type * as React from "react";
import { useRouter } from "next/navigation";
import { Loader2Icon, PlusIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { routeSchema, slugSchema } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Field, FormError } from "@/components/routers/form-controls";
import { useCreateRouter } from "@/components/routers/queries/use-create-router";

type Values = { name: string; description: string; routeName: string; routeUrl: string };
type Errors = Partial<Record<keyof Values | "form", string>>;
const EMPTY: Values = { name: "", description: "", routeName: "stable", routeUrl: "" };

/** Server field paths → form fields. */
const PATHS: Record<string, keyof Values> = { name: "name", description: "description", "routes.0.name": "routeName", "routes.0.url": "routeUrl" };

function validate(v: Values): Errors {
  const errors: Errors = {};
  const name = slugSchema.safeParse(v.name.trim());
  if (!name.success) errors.name = v.name.trim() ? name.error.issues[0]!.message : "required";
  const route = routeSchema.safeParse({ name: v.routeName.trim(), url: v.routeUrl.trim() });
  if (!route.success) {
    for (const issue of route.error.issues) {
      const key = issue.path[0] === "name" ? "routeName" : "routeUrl";
      errors[key] ??= issue.message;
    }
  }
  return errors;
}

/** A new router: its name and a first route; the default rule sends all traffic there until rules say otherwise. */
export function NewRouterDialog({ project, trigger }: { project: string; trigger?: React.ReactNode }) {
  const ids = { name: useId(), description: useId(), routeName: useId(), routeUrl: useId() };
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateRouter(project);
  const navigation = useRouter();
  const hydrated = useHydrated();

  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const name = values.name.trim();
    create.mutate(
      { name, description: values.description.trim() || undefined, route: { name: values.routeName.trim(), url: values.routeUrl.trim() } },
      {
        onSuccess: () => {
          toast.success(`Router ${name} created`);
          setOpen(false);
          setValues(EMPTY);
          navigation.push(`/projects/${project}/routers/${name}`);
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return setErrors({ form: "The router could not be created. Try again." });
          const next: Errors = {};
          for (const fe of error.errors) {
            const key = PATHS[fe.path];
            if (key) next[key] ??= fe.message;
          }
          if (error.status === 409) next.name ??= error.detail;
          if (Object.keys(next).length === 0) next.form = error.detail;
          setErrors(next);
        },
      },
    );
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) {
          setErrors({});
          create.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        {trigger ?? (
          <Button disabled={!hydrated}>
            <PlusIcon aria-hidden="true" />
            New router
          </Button>
        )}
      </DialogTrigger>
      <DialogContent data-testid="new-router-dialog">
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>New router</DialogTitle>
            <DialogDescription>
              One router is one endpoint. It starts with one route that gets all the traffic; add routes and rules afterwards, then deploy.
            </DialogDescription>
          </DialogHeader>
          <Field id={ids.name} label="Router name" hint="Lowercase letters, digits and '-'; it is part of the gateway URL." error={errors.name}>
            {(aria) => <Input {...aria} name="name" autoComplete="off" placeholder="fraud-scorer" value={values.name} onChange={set("name")} autoFocus />}
          </Field>
          <Field id={ids.description} label="Description (optional)" error={errors.description}>
            {(aria) => <Input {...aria} name="description" autoComplete="off" value={values.description} onChange={set("description")} />}
          </Field>
          <fieldset className="flex flex-col gap-3 rounded-md border px-3 pt-1 pb-3">
            <legend className="px-1 text-sm font-medium">First route</legend>
            <Field id={ids.routeName} label="Route name" error={errors.routeName}>
              {(aria) => <Input {...aria} name="routeName" autoComplete="off" value={values.routeName} onChange={set("routeName")} />}
            </Field>
            <Field id={ids.routeUrl} label="Route URL" hint="Where the model answers, e.g. http://10.0.0.7:8080." error={errors.routeUrl}>
              {(aria) => <Input {...aria} name="routeUrl" type="url" autoComplete="off" placeholder="http://127.0.0.1:9001" value={values.routeUrl} onChange={set("routeUrl")} />}
            </Field>
          </fieldset>
          <FormError>{errors.form}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
              Create router
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
