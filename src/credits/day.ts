/** Credits are counted per UTC day: its name, and when the next one starts. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** `2030-01-31` for any instant of that UTC day. */
export const utcDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The first instant of the next UTC day. */
export const nextUtcMidnight = (at: number): number => (Math.floor(at / DAY_MS) + 1) * DAY_MS;

/**
 * How long a day's counters (and the jobs charged on it) are kept from
 * `at`: to the end of the day, and a day more, so a refund of a job that
 * finishes just after midnight still finds the day it was charged on.
 */
export const keepDayMs = (at: number): number => nextUtcMidnight(at) - at + DAY_MS;
