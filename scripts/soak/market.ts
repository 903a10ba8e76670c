/**
 * When the metals market is open, in New York time: closed from Friday 17:00 to Sunday 18:00 and
 * on exchange holidays (the whole New York day). DST is whatever the time zone database says.
 */
const NY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Exchange holidays (New York dates) the soak's calendars may cross. */
export const HOLIDAYS = new Set(['2026-11-26', '2026-12-25', '2027-01-01', '2026-07-03', '2026-09-07']);

export function newYork(at: Date): { weekday: string; date: string; hour: number } {
  const parts = Object.fromEntries(NY.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    weekday: parts.weekday!,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
  };
}

export function marketOpen(at: Date): boolean {
  const { weekday, date, hour } = newYork(at);
  if (HOLIDAYS.has(date)) return false;
  if (weekday === 'Sat') return false;
  if (weekday === 'Fri' && hour >= 17) return false;
  if (weekday === 'Sun' && hour < 18) return false;
  return true;
}
