"use client";

import { KeyRoundIcon } from "lucide-react";
import { LoadFailed, LoadingRows } from "@/components/common/load-states";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Timestamp } from "@/components/common/timestamp";
import { CreateTokenDialog } from "@/components/tokens/create-token-dialog";
import { RevokeTokenButton } from "@/components/tokens/revoke-token-button";
import { useTokens } from "@/components/tokens/queries/use-tokens";
import type { Token } from "@/components/tokens/types";

function status(token: Token, now: number): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return "expired";
  return "active";
}

function When({ iso, empty }: { iso: string | null; empty: string }) {
  return iso ? <Timestamp date={new Date(iso)} /> : <span className="text-muted-foreground">{empty}</span>;
}

/** `now` is when the list was fetched: expiry is judged against that, and refetching updates it. */
function TokensTable({ project, tokens, now }: { project: string; tokens: Token[]; now: number }) {
  return (
    <Table data-testid="tokens-table">
      <TableCaption>Only a hash of each token is stored; the prefix tells them apart.</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name and prefix</TableHead>
          <TableHead>Scope</TableHead>
          <TableHead>Status and expiry</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((token) => {
          const s = status(token, now);
          return (
            <TableRow key={token.id} data-testid={`token-row-${token.name}`} data-status={s}>
              <TableCell>
                <span className="flex flex-col gap-0.5">
                  <span className="font-mono font-medium break-all">{token.name}</span>
                  <code className="font-mono text-xs text-muted-foreground" data-testid="token-prefix">
                    {token.prefix}…
                  </code>
                </span>
              </TableCell>
              <TableCell>
                <Badge variant={token.scope === "write" ? "warning" : "secondary"}>{token.scope}</Badge>
              </TableCell>
              <TableCell>
                {s === "revoked" ? (
                  <span className="flex flex-col gap-0.5">
                    <Badge variant="destructive">Revoked</Badge>
                    <span className="text-xs text-muted-foreground">
                      <When iso={token.revokedAt} empty="" />
                    </span>
                  </span>
                ) : (
                  <span className="flex flex-col gap-0.5">
                    {s === "expired" ? <Badge variant="outline">Expired</Badge> : <Badge variant="success">Active</Badge>}
                    <span className="text-xs text-muted-foreground" data-testid="token-expiry">
                      {token.expiresAt ? (
                        <>
                          {s === "expired" ? "expired " : "expires "}
                          <When iso={token.expiresAt} empty="" />
                        </>
                      ) : (
                        "never expires"
                      )}
                    </span>
                  </span>
                )}
              </TableCell>
              <TableCell>
                <When iso={token.lastUsedAt} empty="Never used" />
              </TableCell>
              <TableCell>
                <span className="flex flex-col gap-0.5">
                  <When iso={token.createdAt} empty="" />
                  <span className="text-xs text-muted-foreground">{token.createdBy ? `by ${token.createdBy}` : "by a deleted user"}</span>
                </span>
              </TableCell>
              <TableCell className="text-right">{s === "revoked" ? null : <RevokeTokenButton project={project} token={token} />}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** The tokens page's body: create, list, revoke (owners; the page itself refuses anyone else). */
export function TokensPanel({ project }: { project: string }) {
  const tokens = useTokens(project);

  return (
    <section aria-labelledby="tokens-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          API tokens
        </h2>
        <CreateTokenDialog project={project} />
      </div>
      {tokens.isPending ? (
        <LoadingRows what="tokens" />
      ) : tokens.isError ? (
        <LoadFailed what="tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState icon={KeyRoundIcon} title="No tokens yet">
          A token lets a CI pipeline or a script call this project&apos;s API with{" "}
          <code className="font-mono text-foreground">Authorization: Bearer &lt;token&gt;</code>. Read tokens view; write tokens
          also edit and deploy.
        </EmptyState>
      ) : (
        <TokensTable project={project} tokens={tokens.data} now={tokens.dataUpdatedAt} />
      )}
    </section>
  );
}
