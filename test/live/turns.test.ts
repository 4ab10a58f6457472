// A signal reaches at most LISTENERS_PER_TURN listeners per turn of the event loop, every
// listener hears every signal once and in order, and a listener that left hears nothing more.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tellInTurns } from '../../src/live/turns.js';

const settle = async (turns: number) => {
  for (let i = 0; i < turns; i++) await nextTurn();
};

describe('telling listeners in turns', () => {
  it('tells the first listeners at once and the rest in later turns of the event loop', async () => {
    const heard: number[] = [];
    const listeners = Array.from({ length: 250 }, (_, i) => () => void heard.push(i));
    tellInTurns(listeners, 'x', () => true, 100);
    expect(heard).toHaveLength(100);
    await nextTurn();
    expect(heard).toHaveLength(200);
    await settle(2);
    expect(heard).toEqual(listeners.map((_, i) => i));
  });

  it('keeps each listener\'s signals in the order they were told, across turns', async () => {
    const heard = new Map<number, string[]>();
    const listeners = Array.from({ length: 350 }, (_, i) => (value: string) => void heard.set(i, [...(heard.get(i) ?? []), value]));
    tellInTurns(listeners, 'first', () => true, 100);
    await nextTurn();
    tellInTurns(listeners, 'second', () => true, 100);
    tellInTurns(listeners, 'third', () => true, 100);
    await settle(6);
    for (let i = 0; i < 350; i++) expect(heard.get(i), `listener ${i}`).toEqual(['first', 'second', 'third']);
  });

  it('skips a listener that stopped listening before its turn came', async () => {
    const heard: number[] = [];
    const active = new Set(Array.from({ length: 150 }, (_, i) => i));
    const listeners: Array<(value: string) => void> = [...active].map((i) => () => void heard.push(i));
    tellInTurns<string>(listeners, 'x', (listener) => active.has(listeners.indexOf(listener)), 100);
    active.delete(120);
    await settle(2);
    expect(heard).toHaveLength(149);
    expect(heard).not.toContain(120);
  });
});
