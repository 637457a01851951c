"use client";

import * as React from "react";
import { CheckIcon, CopyIcon, FlaskConicalIcon } from "lucide-react";
import type { Finding, RoutingRequest } from "@/lib/router/document";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

type WitnessDialogProps = {
  finding: Finding | null;
  onOpenChange: (open: boolean) => void;
  /** Moves focus to a rule's card, once the dialog has closed. */
  onShowRule?: (rule: string) => void;
  /** Opens the example request in the simulator, every field filled in, once the dialog has closed. */
  onSimulate?: (request: RoutingRequest) => void;
};

function title(f: Finding): string {
  if (f.code === "overlap") return f.rules?.length === 2 ? `${f.rules[0]} and ${f.rules[1]} overlap` : "Overlapping rules";
  if (f.code === "unreachable_rule") return `${f.rules?.[0] ?? "This rule"} can never match`;
  return f.code.replaceAll("_", " ");
}

/** A finding in full, with its example request (the witness) as JSON to copy into the simulator. */
export function WitnessDialog({ finding, onOpenChange, onShowRule, onSimulate }: WitnessDialogProps) {
  const [copied, setCopied] = React.useState(false);
  // The rule to show once the dialog has closed (instead of returning focus to the badge).
  const goTo = React.useRef<string | null>(null);
  const simulateNext = React.useRef<RoutingRequest | null>(null);
  const json = finding?.witness ? JSON.stringify(finding.witness, null, 2) : null;
  return (
    <Dialog
      open={finding !== null}
      onOpenChange={(open) => {
        if (!open) setCopied(false);
        onOpenChange(open);
      }}
    >
      <DialogContent
        className="sm:max-w-xl"
        data-testid="witness-dialog"
        onCloseAutoFocus={(event) => {
          const rule = goTo.current;
          goTo.current = null;
          const request = simulateNext.current;
          simulateNext.current = null;
          if (request && onSimulate) {
            event.preventDefault();
            onSimulate(request);
            return;
          }
          if (rule && onShowRule) {
            event.preventDefault();
            onShowRule(rule);
          }
        }}
      >
        {finding ? (
          <>
            <DialogHeader>
              <DialogTitle className="font-mono">{title(finding)}</DialogTitle>
              <DialogDescription>{finding.message}</DialogDescription>
            </DialogHeader>
            {json ? (
              <div className="flex flex-col gap-2">
                <p className="text-sm font-medium" id="witness-label">
                  {finding.code === "unreachable_rule" ? "A request this rule matches (an earlier rule takes it)" : "An example request that matches both rules"}
                </p>
                <pre aria-labelledby="witness-label" data-testid="witness-json" className="max-h-72 overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs">
                  {json}
                </pre>
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">The analysis gave no example request for this finding.</p>
            )}
            <DialogFooter className="sm:justify-between">
              <div className="flex flex-wrap gap-2">
                {onShowRule
                  ? (finding.rules ?? []).map((rule) => (
                      <Button
                        key={rule}
                        type="button"
                        variant="outline"
                        size="sm"
                        onClick={() => {
                          goTo.current = rule;
                          onOpenChange(false);
                        }}
                      >
                        Go to <span className="font-mono">{rule}</span>
                      </Button>
                    ))
                  : null}
              </div>
              {json ? (
                <div className="flex flex-wrap gap-2">
                {onSimulate && finding.witness ? (
                  <Button
                    type="button"
                    size="sm"
                    onClick={() => {
                      simulateNext.current = finding.witness ?? null;
                      onOpenChange(false);
                    }}
                  >
                    <FlaskConicalIcon aria-hidden="true" />
                    Open in simulator
                  </Button>
                ) : null}
                <Button
                  type="button"
                  size="sm"
                  variant="secondary"
                  onClick={() => {
                    void navigator.clipboard?.writeText(json).then(() => setCopied(true), () => setCopied(false));
                  }}
                >
                  {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
                  {copied ? "Copied" : "Copy request"}
                </Button>
                </div>
              ) : null}
            </DialogFooter>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
