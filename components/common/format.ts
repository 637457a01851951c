const percentFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "12.5 %": weights and shadow shares have 0.01 % resolution, never more. */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)} %`;
}

const absoluteFormat = new Intl.DateTimeFormat("en-GB", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  timeZone: "UTC",
  timeZoneName: "short",
});

/** Server and browser may sit in different zones; UTC keeps the text the same for everyone. */
export function formatAbsolute(date: Date): string {
  return absoluteFormat.format(date);
}

const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? "just now" : relativeFormat.format(seconds, "second");
}
