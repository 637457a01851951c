"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { UserPlusIcon } from "lucide-react";
import { ApiError } from "@/lib/api-client/fetch";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useCreateUser } from "@/components/users/queries/use-create-user";
import type { UserCreate } from "@/components/users/types";

type Fields = "email" | "name" | "password" | "role";

/** Create a user with email, optional name, an initial password and a global role. */
export function CreateUserDialog() {
  const create = useCreateUser();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<UserCreate>({ email: "", name: "", password: "", role: "user" });
  const [localErrors, setLocalErrors] = useState<Partial<Record<Fields, string>>>({});

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setForm({ email: "", name: "", password: "", role: "user" });
      setLocalErrors({});
      create.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Partial<Record<Fields, string>> = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(form.email.trim())) errors.email = "Enter an email address.";
    if (form.password.length < 8) errors.password = "At least 8 characters.";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const name = form.name?.trim();
    create.mutate({ email: form.email.trim(), password: form.password, role: form.role, ...(name ? { name } : {}) }, { onSuccess: () => onOpenChange(false) });
  }

  const server = create.error instanceof ApiError ? create.error : null;
  const errorOf = (field: Fields) =>
    localErrors[field] ?? server?.fieldError(field) ?? (field === "email" && server?.status === 409 ? "A user with this email already exists." : undefined);

  const field = (id: Fields, label: string, input: ReactNode, hint?: string) => {
    const error = errorOf(id);
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor={`user-${id}`}>{label}</Label>
        {input}
        {error ? (
          <p id={`user-${id}-error`} className="text-sm text-destructive">
            {error}
          </p>
        ) : hint ? (
          <p className="text-xs text-muted-foreground">{hint}</p>
        ) : null}
      </div>
    );
  };
  const a11y = (id: Fields) => ({ "aria-invalid": Boolean(errorOf(id)) || undefined, "aria-describedby": errorOf(id) ? `user-${id}-error` : undefined });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon aria-hidden="true" />
          Create user
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="create-user-dialog">
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Create a user</DialogTitle>
            <DialogDescription>
              Give them the password through a channel you trust. To let them into a project, add them on that project&apos;s
              settings page.
            </DialogDescription>
          </DialogHeader>
          {field(
            "email",
            "Email",
            <Input id="user-email" type="email" autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} {...a11y("email")} />,
          )}
          {field(
            "name",
            "Name",
            <Input id="user-name" autoComplete="off" value={form.name ?? ""} onChange={(e) => setForm({ ...form, name: e.target.value })} {...a11y("name")} />,
            "Optional; defaults to the part of the email before the @.",
          )}
          {field(
            "password",
            "Initial password",
            <Input
              id="user-password"
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              {...a11y("password")}
            />,
            "At least 8 characters.",
          )}
          {field(
            "role",
            "Role",
            <NativeSelect id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as UserCreate["role"] })}>
              <option value="user">user: sees the projects they are a member of</option>
              <option value="admin">admin: manages users and acts as owner everywhere</option>
            </NativeSelect>,
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
