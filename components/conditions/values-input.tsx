"use client";

import * as React from "react";
import { XIcon } from "lucide-react";
import { compileRegex } from "@/lib/engine";
import type { ConditionOperator } from "@/lib/router/document";
import { patternProblem, textValueProblem } from "@/lib/router/value-caps";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils/cn";

type ValuesInputProps = {
  id: string;
  /** "condition 1": names the controls ("Add a value to condition 1"). */
  label: string;
  operator: ConditionOperator;
  values: string[];
  onChange: (values: string[]) => void;
  error?: string;
  disabled?: boolean;
};

/** The RE2 syntax error of a pattern, or null when it compiles. */
export function regexProblem(pattern: string): string | null {
  const result = compileRegex(pattern);
  return result.ok ? null : result.error;
}

/** Why a value cannot be stored (the caps of the document schema) or, for a regex, does not compile. */
function valueProblem(value: string, isRegex: boolean): string | null {
  if (!isRegex) return textValueProblem(value);
  const syntax = regexProblem(value);
  return syntax !== null ? `Invalid RE2 pattern: ${syntax}` : patternProblem(value);
}

/**
 * Values as chips: type one and press Enter (or leave the field) to add it, × or Backspace
 * in the empty field to remove. Regex values are compiled as you type (RE2, the engine's
 * own syntax) and refused with the RE2 error while they do not compile; every value is
 * checked against the document's caps (length, repetition counts) the same way.
 */
export function ValuesInput({ id, label, operator, values, onChange, error, disabled }: ValuesInputProps) {
  const [text, setText] = React.useState("");
  const isRegex = operator === "regex";
  const pending = text !== "" ? valueProblem(text, isRegex) : null;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;

  const add = (): boolean => {
    if (text === "" || pending) return false;
    if (!values.includes(text)) onChange([...values, text]);
    setText("");
    return true;
  };

  const chipProblems = values.map((v) => valueProblem(v, isRegex));
  const describedBy = [helpId, pending || error ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      {values.length > 0 ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`Values of ${label}`} data-testid={`${id}-chips`}>
          {values.map((value, i) => {
            const problem = chipProblems[i];
            return (
              <li
                key={`${i}:${value}`}
                data-testid="value-chip"
                title={problem ?? undefined}
                className={cn(
                  "inline-flex max-w-full items-center gap-1 rounded-md border bg-muted/60 py-0.5 pr-0.5 pl-2 font-mono text-xs",
                  problem && "border-destructive/50 bg-destructive/10 text-destructive",
                )}
              >
                <span className="break-all">{value === "" ? '""' : value}</span>
                {problem ? <span className="sr-only">({problem})</span> : null}
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => onChange(values.filter((_, k) => k !== i))}
                  aria-label={`Remove value ${value} from ${label}`}
                  className="rounded-sm p-0.5 text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  <XIcon aria-hidden="true" className="size-3" />
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <Input
        id={id}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          } else if (e.key === "Backspace" && text === "" && values.length > 0) {
            onChange(values.slice(0, -1));
          }
        }}
        onBlur={() => add()}
        placeholder={isRegex ? "RE2 pattern, then Enter" : "Type a value, then Enter"}
        aria-label={`Add a value to ${label}`}
        aria-invalid={pending || error ? true : undefined}
        aria-describedby={describedBy}
        className={cn("font-mono", isRegex && "text-xs")}
      />
      <p id={helpId} className="sr-only">
        Press Enter to add the value. {isRegex ? "Patterns use RE2 syntax and must match the whole value." : "Any one of the values matches."}
      </p>
      {pending || error ? (
        <p id={errorId} role="alert" className="text-xs text-destructive" data-testid={`${id}-error`}>
          {pending ?? error}
        </p>
      ) : null}
    </div>
  );
}
