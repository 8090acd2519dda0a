/** A line `Published on <date> GMT` as LessWrong's RSS items start; group 1 is the date text. */
export const PUBLISHED_LINE = /^Published on (.{6,60}?)(?:\s+(?:GMT|UTC))?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE =
  /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/** Turns LessWrong's RSS date ("February 19, 2026 10:31 PM") into ISO 8601 in UTC, or undefined when it is not one. */
export function parsePublished(text: string): string | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[1] as string).slice(0, 3).toLowerCase());
  const day = Number(m[2]);
  const year = Number(m[3]);
  let hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ampm = m[7]?.toLowerCase();
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (ampm !== undefined && (hour < 1 || hour > 12)) return undefined;
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  if (date.getUTCDate() !== day) return undefined; // "February 31"
  return date.toISOString();
}
