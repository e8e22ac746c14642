// Figures written as the server's StartTimes/Web/StartTimeFormat.cs writes them.

export const missing = "–";

/** A task's duration: seconds to the millisecond. */
export function taskSeconds(seconds?: number | null): string { return seconds == null ? missing : seconds.toFixed(3); }

/** A summary figure: two decimals. */
export function seconds(value?: number | null): string { return value == null ? missing : value.toFixed(2); }

export function ratio(value?: number | null): string { return value == null ? missing : `${value.toFixed(2)}×`; }

/** "4.21× faster", or "1.50× slower" when the first group is the slower one. */
export function speed(value?: number | null): string {
  if (value == null || value <= 0) return missing;
  return value >= 1 ? `${ratio(value)} faster` : `${ratio(1 / value)} slower`;
}

/** yyyy-MM-dd HH:mm:ss in UTC. */
export function time(iso?: string | null): string {
  if (!iso) return missing;
  const d = new Date(iso);
  if (isNaN(d.getTime())) return missing;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function count(n: number, one: string, many?: string): string { return n === 1 ? `1 ${one}` : `${n} ${many ?? one + "s"}`; }
