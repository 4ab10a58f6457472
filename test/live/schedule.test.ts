// The poll schedule as a table: where each booking lands, given the bookings before it.
import { describe, expect, it } from 'vitest';
import { PollSchedule } from '../../src/live/schedule.js';

/** Books each wanted time in turn (all at now = 0) and returns where each landed. */
function landings(spacing: number, wanted: number[], now = 0): number[] {
  const schedule = new PollSchedule(spacing);
  return wanted.map((at) => schedule.book(at, now));
}

describe('the poll schedule', () => {
  it.each([
    ['one booking lands where it was wanted', [500], [500]],
    ['a crowd wanting the same time is spread a spacing apart', [0, 0, 0, 0], [0, 100, 200, 300]],
    ['a booking far ahead leaves the near times free', [5000, 200, 200], [5000, 200, 300]],
    ['a booking between two others takes the gap when it is wide enough', [0, 400, 150], [0, 400, 150]],
    ['a booking too close to the next one moves past it', [0, 200, 150], [0, 200, 300]],
    ['a booking too close to the previous one moves a spacing after it', [0, 50], [0, 100]],
    ['a run of bookings is walked until a gap opens', [0, 100, 200, 300, 700, 50], [0, 100, 200, 300, 700, 400]],
  ])('%s', (_case, wanted, expected) => {
    expect(landings(100, wanted)).toEqual(expected);
  });

  it('never puts two bookings closer than the spacing, however they are asked for', () => {
    const schedule = new PollSchedule(37);
    const booked: number[] = [];
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let i = 0; i < 2000; i++) booked.push(schedule.book(Math.floor(random() * 50_000), 0));
    booked.sort((a, b) => a - b);
    for (let i = 1; i < booked.length; i++) expect(booked[i] - booked[i - 1]).toBeGreaterThanOrEqual(37);
  });

  it('forgets bookings that have passed', () => {
    const schedule = new PollSchedule(100);
    for (let i = 0; i < 50; i++) schedule.book(i * 100, 0);
    expect(schedule.size).toBe(50);
    schedule.book(10_000, 10_000);
    expect(schedule.size).toBe(1);
  });

  it('refuses a spacing that is not a positive number', () => {
    expect(() => new PollSchedule(0)).toThrow('spacingMs must be a positive number of milliseconds, got 0');
    expect(() => new PollSchedule(Number.NaN)).toThrow(/got NaN/);
  });
});
