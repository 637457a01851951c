"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { UserPlusIcon, UserXIcon } from "lucide-react";
import { ApiError } from "@/lib/api-client/fetch";
import { PROJECT_ROLES, type ProjectRole } from "@/lib/auth/roles";
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
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import { useHydrated } from "@/components/common/use-hydrated";
import { useAddMember } from "@/components/members/queries/use-add-member";
import { useMembers } from "@/components/members/queries/use-members";
import { useRemoveMember } from "@/components/members/queries/use-remove-member";
import { useUpdateMember } from "@/components/members/queries/use-update-member";
import type { Member } from "@/components/members/types";

const ROLE_HINTS: Record<ProjectRole, string> = {
  viewer: "sees routers, versions, audiences and the audit log",
  editor: "also edits routers and audiences, deploys and rolls back",
  owner: "also manages members, tokens and the project's details",
};

function RoleOptions() {
  return (
    <>
      {PROJECT_ROLES.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </>
  );
}

function AddMemberForm({ project }: { project: string }) {
  const add = useAddMember(project);
  const hydrated = useHydrated();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<ProjectRole>("viewer");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    add.mutate({ email: email.trim(), role }, { onSuccess: () => setEmail("") });
  }

  const error = add.error instanceof ApiError ? add.error : null;
  const message =
    error?.status === 404
      ? `No user has the email ${email.trim()}. An administrator creates users on the Users page first.`
      : error?.status === 409
        ? `${email.trim()} is already a member; change their role in the list instead.`
        : error?.status === 422
          ? (error.fieldError("email") ?? error.fieldError("role") ?? error.detail)
          : undefined;

  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" aria-label="Add a member" data-testid="add-member-form">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="member-email">Email</Label>
        <Input
          id="member-email"
          type="email"
          required
          readOnly={!hydrated}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            if (add.isError) add.reset();
          }}
          placeholder="someone@example.com"
          autoComplete="off"
          aria-invalid={Boolean(message) || undefined}
          aria-describedby={message ? "member-email-error" : undefined}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="member-role">Role</Label>
        <NativeSelect id="member-role" value={role} disabled={!hydrated} onChange={(e) => setRole(e.target.value as ProjectRole)}>
          <RoleOptions />
        </NativeSelect>
      </div>
      <Button type="submit" disabled={add.isPending || email.trim() === ""}>
        <UserPlusIcon aria-hidden="true" />
        {add.isPending ? "Adding…" : "Add member"}
      </Button>
      {message ? (
        <p id="member-email-error" role="alert" className="text-sm text-destructive sm:col-span-3">
          {message}
        </p>
      ) : null}
    </form>
  );
}

function RemoveMemberButton({ project, member, isSelf }: { project: string; member: Member; isSelf: boolean }) {
  const router = useRouter();
  const remove = useRemoveMember(project);
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" disabled={remove.isPending} aria-label={`Remove ${member.email}`}>
          <UserXIcon aria-hidden="true" />
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {member.email}?</AlertDialogTitle>
          <AlertDialogDescription>
            {isSelf
              ? "You will lose access to this project at once, unless you are an administrator."
              : `They lose access to this project at once. Their past changes stay in the audit log.`}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={() => remove.mutate(member.email, { onSuccess: () => isSelf && router.refresh() })}>
            Remove member
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

function MemberRoleSelect({ project, member, isSelf }: { project: string; member: Member; isSelf: boolean }) {
  const router = useRouter();
  const update = useUpdateMember(project);
  // Shows the chosen role while the request runs; the list's refetch has the final word.
  const shown = update.isPending && update.variables ? update.variables.role : member.role;
  return (
    <NativeSelect
      aria-label={`Role of ${member.email}`}
      value={shown}
      disabled={update.isPending}
      className="w-32"
      onChange={(e) => {
        const role = e.target.value as ProjectRole;
        // Demoting yourself takes away this very form: re-render the page for the new role.
        update.mutate({ email: member.email, role }, { onSuccess: () => isSelf && router.refresh() });
      }}
    >
      <RoleOptions />
    </NativeSelect>
  );
}

/**
 * The project's members. Owners (and administrators) add members by email with a role,
 * change roles and remove members; everyone else sees the list read-only. The server
 * refuses the same things (403) and keeps at least one owner (409, shown as a toast).
 */
export function MembersCard({ project, canManage, currentEmail }: { project: string; canManage: boolean; currentEmail: string }) {
  const members = useMembers(project);

  return (
    <Card data-testid="members-card">
      <CardHeader>
        <CardTitle>Members</CardTitle>
        <CardDescription>
          {PROJECT_ROLES.map((r, i) => (
            <span key={r}>
              {i > 0 ? "; " : ""}
              <strong className="font-medium text-foreground">{r}</strong> {ROLE_HINTS[r]}
            </span>
          ))}
          . Administrators act as owners in every project.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {canManage ? <AddMemberForm project={project} /> : null}
        {members.isPending ? (
          <LoadingRows what="members" />
        ) : members.isError ? (
          <LoadFailed what="members" error={members.error} onRetry={() => void members.refetch()} />
        ) : members.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No members yet: only administrators can open this project.</p>
        ) : (
          <Table data-testid="members-table">
            <TableHeader>
              <TableRow>
                <TableHead>Member</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Since</TableHead>
                {canManage ? (
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.data.map((member) => {
                const isSelf = member.email === currentEmail;
                return (
                  <TableRow key={member.email} data-testid={`member-row-${member.email}`}>
                    <TableCell>
                      <span className="flex flex-col">
                        <span className="font-medium">
                          {member.email}
                          {isSelf ? <span className="ml-1.5 text-xs text-muted-foreground">(you)</span> : null}
                        </span>
                        {member.name && member.name !== member.email ? <span className="text-xs text-muted-foreground">{member.name}</span> : null}
                      </span>
                    </TableCell>
                    <TableCell>
                      {canManage ? (
                        <MemberRoleSelect project={project} member={member} isSelf={isSelf} />
                      ) : (
                        <Badge variant={member.role === "owner" ? "default" : "secondary"}>{member.role}</Badge>
                      )}
                    </TableCell>
                    <TableCell>
                      <Timestamp date={new Date(member.since)} />
                    </TableCell>
                    {canManage ? (
                      <TableCell className="text-right">
                        <RemoveMemberButton project={project} member={member} isSelf={isSelf} />
                      </TableCell>
                    ) : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
