"use client";

import { useState } from "react";
import { BracesIcon, CheckIcon, CopyIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

/** The router document as the API, the CLI and the gateway see it. */
export function DocumentDialog({ routerName, json }: { routerName: string; json: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(json);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions); the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <BracesIcon aria-hidden="true" />
          View JSON
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>Router document</DialogTitle>
          <DialogDescription>
            The draft of <span className="font-mono">{routerName}</span> as one JSON document, the same shape the config API
            and <code className="font-mono">turnout analyze</code> take.
          </DialogDescription>
        </DialogHeader>
        <pre
          tabIndex={0}
          aria-label="Router document JSON"
          className="max-h-[60vh] overflow-auto rounded-md border bg-muted/50 p-3 font-mono text-xs leading-relaxed"
        >
          {json}
        </pre>
        <div className="flex justify-end">
          <Button variant="secondary" size="sm" onClick={copy}>
            {copied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
            <span aria-live="polite">{copied ? "Copied" : "Copy JSON"}</span>
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
