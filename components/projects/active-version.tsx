import { Badge } from "@/components/ui/badge";

/** "v3" for the version the gateway serves, or a badge when nothing is deployed yet. */
export function ActiveVersion({ number }: { number: number | null }) {
  if (number === null) return <Badge variant="warning">not deployed</Badge>;
  return <span className="font-mono font-medium">v{number}</span>;
}
