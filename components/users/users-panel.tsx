"use client";

import { Trash2Icon, UsersIcon } from "lucide-react";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import { CreateUserDialog } from "@/components/users/create-user-dialog";
import { useDeleteUser } from "@/components/users/queries/use-delete-user";
import { useUpdateUser } from "@/components/users/queries/use-update-user";
import { useUsers } from "@/components/users/queries/use-users";
import type { User } from "@/components/users/types";

function RoleSelect({ user }: { user: User }) {
  const update = useUpdateUser();
  const shown = update.isPending && update.variables ? update.variables.role : user.role;
  return (
    <NativeSelect
      aria-label={`Role of ${user.email}`}
      value={shown}
      disabled={update.isPending}
      className="w-28"
      onChange={(e) => update.mutate({ email: user.email, role: e.target.value as User["role"] })}
    >
      <option value="user">user</option>
      <option value="admin">admin</option>
    </NativeSelect>
  );
}

function DeleteUserButton({ user }: { user: User }) {
  const remove = useDeleteUser();
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" disabled={remove.isPending} aria-label={`Delete ${user.email}`}>
          <Trash2Icon aria-hidden="true" />
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {user.email}?</AlertDialogTitle>
          <AlertDialogDescription>
            They are signed out everywhere and lose their {user.projects === 1 ? "membership" : `${user.projects} memberships`}.
            Tokens they created keep working until revoked; their past changes stay in the audit log. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={() => remove.mutate(user.email)}>Delete user</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/**
 * Every user, with their global role. Administrators create users, switch them between
 * user and admin and delete them. Your own row is read-only here, so that you cannot lock
 * yourself out by accident (the API still allows it while another administrator remains).
 */
export function UsersPanel({ currentEmail }: { currentEmail: string }) {
  const users = useUsers();

  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="users-heading" className="text-lg font-semibold">
          All users
        </h2>
        <CreateUserDialog />
      </div>
      {users.isPending ? (
        <LoadingRows what="users" />
      ) : users.isError ? (
        <LoadFailed what="users" error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState icon={UsersIcon} title="No users" />
      ) : (
        <Table data-testid="users-table">
          <TableHeader>
            <TableRow>
              <TableHead>User</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Projects</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.data.map((user) => {
              const isSelf = user.email === currentEmail;
              return (
                <TableRow key={user.email} data-testid={`user-row-${user.email}`}>
                  <TableCell>
                    <span className="flex flex-col">
                      <span className="font-medium">
                        {user.email}
                        {isSelf ? <span className="ml-1.5 text-xs text-muted-foreground">(you)</span> : null}
                      </span>
                      <span className="text-xs text-muted-foreground">{user.name}</span>
                    </span>
                  </TableCell>
                  <TableCell>{isSelf ? <Badge variant="secondary">{user.role}</Badge> : <RoleSelect user={user} />}</TableCell>
                  <TableCell className="tabular-nums">{user.projects}</TableCell>
                  <TableCell>
                    <Timestamp date={new Date(user.createdAt)} />
                  </TableCell>
                  <TableCell className="text-right">{isSelf ? null : <DeleteUserButton user={user} />}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
