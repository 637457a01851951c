import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { formatAbsolute, formatRelative } from "@/components/common/format";

/** Relative time ("3 hours ago") with the exact UTC time on hover and focus. */
export function Timestamp({ date }: { date: Date }) {
  const absolute = formatAbsolute(date);
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <time
          dateTime={date.toISOString()}
          tabIndex={0}
          className="whitespace-nowrap rounded-sm underline decoration-dotted decoration-muted-foreground/60 underline-offset-4 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          {formatRelative(date)}
        </time>
      </TooltipTrigger>
      <TooltipContent>{absolute}</TooltipContent>
    </Tooltip>
  );
}
