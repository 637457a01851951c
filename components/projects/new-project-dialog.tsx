"use client";

import { useId, useState } from "react";
import type * as React from "react";
import { useRouter } from "next/navigation";
import { Loader2Icon, PlusIcon } from "lucide-react";
import { toast } from "sonner";
import { ApiError } from "@/lib/api-client/fetch";
import { slugSchema } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useHydrated } from "@/components/common/use-hydrated";
import { Field, FormError, Textarea } from "@/components/routers/form-controls";
import { useCreateProject } from "./queries/use-create-project";

type Values = { name: string; displayName: string; description: string };
type Errors = Partial<Record<keyof Values | "form", string>>;
const EMPTY: Values = { name: "", displayName: "", description: "" };

/** A new project (administrators): you become its owner and land on its (empty) router list. */
export function NewProjectDialog() {
  const ids = { name: useId(), displayName: useId(), description: useId() };
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateProject();
  const navigation = useRouter();
  const hydrated = useHydrated();
  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const name = values.name.trim();
    const parsed = slugSchema.safeParse(name);
    if (!parsed.success) return setErrors({ name: name ? parsed.error.issues[0]!.message : "Give the project a name." });
    setErrors({});
    create.mutate(
      { name, ...(values.displayName.trim() ? { displayName: values.displayName.trim() } : {}), ...(values.description.trim() ? { description: values.description.trim() } : {}) },
      {
        onSuccess: () => {
          toast.success(`Project ${name} created`);
          setOpen(false);
          setValues(EMPTY);
          navigation.push(`/projects/${name}`);
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return setErrors({ form: "The project could not be created. Try again." });
          const next: Errors = {};
          for (const fe of error.errors) {
            const key = (["name", "displayName", "description"] as const).find((k) => fe.path === k);
            if (key) next[key] ??= fe.message;
          }
          if (error.status === 409) next.name ??= `A project named ${name} already exists.`;
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
        <Button disabled={!hydrated}>
          <PlusIcon aria-hidden="true" />
          New project
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="new-project-dialog">
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <DialogHeader>
            <DialogTitle>New project</DialogTitle>
            <DialogDescription>
              A project holds routers, the audiences they share, its members and API tokens, and an audit log. You become its owner; add members on its
              Settings page.
            </DialogDescription>
          </DialogHeader>
          <Field id={ids.name} label="Project name" hint="Lowercase letters, digits and '-'; it is the first part of every gateway URL and never changes." error={errors.name}>
            {(aria) => <Input {...aria} name="name" autoComplete="off" placeholder="fraud" value={values.name} onChange={set("name")} autoFocus />}
          </Field>
          <Field id={ids.displayName} label="Display name (optional)" error={errors.displayName}>
            {(aria) => <Input {...aria} name="displayName" autoComplete="off" maxLength={120} value={values.displayName} onChange={set("displayName")} />}
          </Field>
          <Field id={ids.description} label="Description (optional)" error={errors.description}>
            {(aria) => <Textarea {...aria} name="description" rows={2} maxLength={2000} value={values.description} onChange={set("description")} />}
          </Field>
          <FormError>{errors.form}</FormError>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Loader2Icon aria-hidden="true" className="animate-spin" /> : null}
              Create project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
