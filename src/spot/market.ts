/**
 * When the metals market has prices to give. Spot metals trade from Sunday 18:00 to Friday 17:00
 * New York time; a slot in the weekly closure can be filled by nobody, so it is never "missing".
 * Reference days are business days (the real spot history has no Saturday or Sunday entry).
 * Holidays are not in any calendar here: the poller learns them from empty upstream answers.
 */

const NY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  weekday: 'short',
  hour: '2-digit',
});

export function inWeeklyClosure(at: Date): boolean {
  const parts = Object.fromEntries(NY.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour);
  return (
    parts.weekday === 'Sat' ||
    (parts.weekday === 'Fri' && hour >= 17) ||
    (parts.weekday === 'Sun' && hour < 18)
  );
}

/** `YYYY-MM-DD` falls on Monday to Friday. */
export function isBusinessDay(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}
