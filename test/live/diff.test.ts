// diffViews: two successive views of an inbox → live events (issue 5). Example-based tests for
// each rule, then model-based properties: a random inbox history is replayed against a model of
// the portal (im.notify.get ordering per spec D.4, tag replacement per D.0.2, counters per D.0.5),
// the view after each step is built as the portal and the watcher would see it, and successive
// views go through diffViews.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Notification, NotifyType } from '../../src/bitrix/notify-types.js';
import { type InboxView, type ViewEvent as LiveEvent, diffViews } from '../../src/live/diff.js';

// --- factory -------------------------------------------------------------------------------------

const BASE = Date.parse('2026-03-03T09:00:00+03:00');

/** PHP `date('c')` in a +03:00 portal, `seconds` after the base time. */
function portalDate(seconds: number): string {
  const d = new Date(BASE + seconds * 1000 + 3 * 3600 * 1000);
  return `${d.toISOString().slice(0, 19)}+03:00`;
}

interface Spec {
  id: number;
  /** Seconds after the base time; defaults to the id (ids grow with time). */
  at?: number;
  type?: NotifyType;
  read?: boolean;
  tag?: string;
}

function note({ id, at = id, type = 2, read = false, tag = '' }: Spec): Notification {
  return {
    id,
    chat_id: 7,
    author_id: type === 4 ? 0 : 3,
    date: portalDate(at),
    notify_type: type,
    notify_module: type === 1 ? 'tasks' : 'rest',
    notify_event: type === 1 ? 'confirm' : 'rest_notify',
    notify_tag: tag,
    notify_sub_tag: '',
    notify_title: '',
    setting_name: type === 1 ? 'tasks|confirm' : 'rest|rest_notify',
    text: `n${id}`,
    ...(type === 1 ? { notify_buttons: '[{"TITLE":"Yes","VALUE":"Y","TYPE":"accept"}]' } : {}),
    params: null,
    notify_read: read ? 'Y' : 'N',
  };
}

/** The portal's order (D.4), written independently of src: confirms first, then date desc, id desc. */
function portalOrder(a: Notification, b: Notification): number {
  const sa = a.notify_type === 1 ? 0 : 1;
  const sb = b.notify_type === 1 ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const da = new Date(a.date).getTime();
  const db = new Date(b.date).getTime();
  if (da !== db) return db - da;
  return b.id - a.id;
}

const unreadOf = (items: Notification[]) => Math.min(100, items.filter((n) => n.notify_read === 'N').length);

/**
 * A view of `inbox` as the portal returns it: first page of `pageSize`, arrivals = everything with
 * an id above `previous.newestId` (all of it, past the page), counters capped at 100.
 */
function viewOf(inbox: Notification[], pageSize: number, previous?: InboxView, unreadCount = unreadOf(inbox)): InboxView {
  const sorted = [...inbox].sort(portalOrder);
  const page = sorted.slice(0, pageSize);
  const arrivals = previous ? sorted.filter((n) => n.id > previous.newestId) : [];
  const newestId = Math.max(previous?.newestId ?? 0, ...page.map((n) => n.id), ...arrivals.map((n) => n.id));
  return { page, pageSize, arrivals, unreadCount, newestId };
}

const ids = (events: LiveEvent[], type: LiveEvent['type']) =>
  events.flatMap((e) => (e.type === type && e.type !== 'unreadCount' ? [e.notification.id] : []));
const types = (events: LiveEvent[]) => events.map((e) => e.type);

// --- examples --------------------------------------------------------------------------------------

describe('diffViews — examples', () => {
  it('reports nothing when nothing changed', () => {
    const inbox = [note({ id: 1 }), note({ id: 2, read: true })];
    const before = viewOf(inbox, 50);
    expect(diffViews(before, viewOf(inbox, 50, before))).toEqual([]);
  });

  it('reports new notifications as added, oldest first, with the current unread count', () => {
    const old = [note({ id: 1 })];
    const before = viewOf(old, 50);
    const after = viewOf([...old, note({ id: 3 }), note({ id: 2 }), note({ id: 4, read: true })], 50, before);
    const events = diffViews(before, after);
    expect(types(events)).toEqual(['added', 'added', 'added']);
    expect(ids(events, 'added')).toEqual([2, 3, 4]);
    expect(events.every((e) => e.unreadCount === 3)).toBe(true);
    expect(events[2]).toMatchObject({ notification: { id: 4, notify_read: 'Y' } });
  });

  it('never loses additions past the first page (catch-up arrivals)', () => {
    const before = viewOf([note({ id: 1 })], 2);
    const inbox = [note({ id: 1 }), ...[2, 3, 4, 5, 6].map((id) => note({ id }))];
    const after = viewOf(inbox, 2, before);
    expect(after.page.map((n) => n.id)).toEqual([6, 5]);
    expect(ids(diffViews(before, after), 'added')).toEqual([2, 3, 4, 5, 6]);
  });

  it('orders additions by id even when a confirm arrives among regular ones', () => {
    const before = viewOf([note({ id: 1 })], 50);
    const after = viewOf([note({ id: 1 }), note({ id: 2 }), note({ id: 3, type: 1 }), note({ id: 4, type: 4 })], 50, before);
    expect(after.page.map((n) => n.id)).toEqual([3, 4, 2, 1]);
    expect(ids(diffViews(before, after), 'added')).toEqual([2, 3, 4]);
  });

  it('does not report an addition twice across successive diffs', () => {
    const v0 = viewOf([note({ id: 1 })], 50);
    const inbox = [note({ id: 1 }), note({ id: 2 })];
    const v1 = viewOf(inbox, 50, v0);
    const v2 = viewOf(inbox, 50, v1);
    expect(ids(diffViews(v0, v1), 'added')).toEqual([2]);
    expect(diffViews(v1, v2)).toEqual([]);
  });

  it('reports a read-state change as updated, carrying the current record', () => {
    const before = viewOf([note({ id: 1 }), note({ id: 2 })], 50);
    const after = viewOf([note({ id: 1, read: true }), note({ id: 2 })], 50, before);
    const events = diffViews(before, after);
    expect(events).toEqual([{ type: 'updated', notification: note({ id: 1, read: true }), unreadCount: 1 }]);
  });

  it('reports marking unread as updated too', () => {
    const before = viewOf([note({ id: 1, read: true })], 50);
    const after = viewOf([note({ id: 1 })], 50, before);
    expect(diffViews(before, after)).toEqual([{ type: 'updated', notification: note({ id: 1 }), unreadCount: 1 }]);
  });

  it('reports a deleted notification as removed, carrying its last record', () => {
    const before = viewOf([note({ id: 1 }), note({ id: 2, type: 4 })], 50);
    const after = viewOf([note({ id: 1 })], 50, before);
    expect(diffViews(before, after)).toEqual([{ type: 'removed', notification: note({ id: 2, type: 4 }), unreadCount: 1 }]);
  });

  it('reports a confirmed notification as removed', () => {
    const before = viewOf([note({ id: 1 }), note({ id: 2, type: 1 })], 50);
    const after = viewOf([note({ id: 1 })], 50, before);
    expect(diffViews(before, after)).toEqual([{ type: 'removed', notification: note({ id: 2, type: 1 }), unreadCount: 1 }]);
  });

  it('reports the removal of the last row of a full page when an older row takes its place', () => {
    const inbox = [1, 2, 3].map((id) => note({ id }));
    const before = viewOf(inbox, 2); // [3, 2]
    const after = viewOf(inbox.filter((n) => n.id !== 2), 2, before); // [3, 1]
    expect(diffViews(before, after)).toEqual([{ type: 'removed', notification: note({ id: 2 }), unreadCount: 2 }]);
  });

  it('reports the removal of the only rows of a page that became empty', () => {
    const before = viewOf([note({ id: 1 })], 1);
    const after = viewOf([], 1, before);
    expect(diffViews(before, after)).toEqual([{ type: 'removed', notification: note({ id: 1 }), unreadCount: 0 }]);
  });

  it('does not report a notification pushed off the page by newer ones as removed', () => {
    const old = [1, 2, 3].map((id) => note({ id }));
    const before = viewOf(old, 3);
    const after = viewOf([...old, note({ id: 4 }), note({ id: 5 })], 3, before); // [5, 4, 3]
    const events = diffViews(before, after);
    expect(types(events)).toEqual(['added', 'added']);
    expect(ids(events, 'added')).toEqual([4, 5]);
  });

  it('does not report a regular notification pushed off by a new confirm as removed', () => {
    const old = [note({ id: 1 }), note({ id: 2 })];
    const before = viewOf(old, 2);
    const after = viewOf([...old, note({ id: 3, type: 1 })], 2, before); // [3 (confirm), 2]
    expect(types(diffViews(before, after))).toEqual(['added']);
  });

  it('does not treat a pushed-off notification as pushed off when the page is not full', () => {
    // A page shorter than pageSize is the whole inbox: whatever is missing was removed.
    const before = viewOf([note({ id: 1 }), note({ id: 2 })], 3);
    const after = viewOf([note({ id: 2 })], 3, before);
    expect(ids(diffViews(before, after), 'removed')).toEqual([1]);
  });

  it('orders dates before ids: an older date ranks lower even with a higher id', () => {
    // Same second for 2 and 3; 3 ranks first by id. Page of 2 after 4 arrives: [4, 3]; 2 pushed off.
    const old = [note({ id: 1, at: 1 }), note({ id: 2, at: 5 }), note({ id: 3, at: 5 })];
    const before = viewOf(old, 3);
    const after = viewOf([...old, note({ id: 4, at: 6 })], 3, before);
    expect(after.page.map((n) => n.id)).toEqual([4, 3, 2]);
    expect(types(diffViews(before, after))).toEqual(['added']);
  });

  it('reports a tag replacement as the old id removed plus the new id added', () => {
    const before = viewOf([note({ id: 1 }), note({ id: 2, tag: 'MP|abcde|T' })], 50);
    const after = viewOf([note({ id: 1 }), note({ id: 3, tag: 'MP|abcde|T' })], 50, before);
    const events = diffViews(before, after);
    expect(types(events)).toEqual(['removed', 'added']);
    expect(ids(events, 'removed')).toEqual([2]);
    expect(ids(events, 'added')).toEqual([3]);
  });

  it('reports a tag replacement even when the replaced row was the last row of a now full page', () => {
    // Page of 2: [2, 1(tag)] → 3 replaces 1 → [3, 2]. The page is full and 1 ranks after 2, so it
    // looks pushed off — but a newer arrival carries its tag, so it was replaced (D.0.2).
    const tag = 'MP|abcde|T';
    const before = viewOf([note({ id: 1, tag }), note({ id: 2 })], 2);
    const after = viewOf([note({ id: 2 }), note({ id: 3, tag })], 2, before);
    const events = diffViews(before, after);
    expect(ids(events, 'removed')).toEqual([1]);
    expect(ids(events, 'added')).toEqual([3]);
  });

  it('emits removals, then updates, then additions', () => {
    const before = viewOf([note({ id: 1 }), note({ id: 2 }), note({ id: 3 })], 50);
    const after = viewOf([note({ id: 1, read: true }), note({ id: 3 }), note({ id: 4 })], 50, before);
    const events = diffViews(before, after);
    expect(types(events)).toEqual(['removed', 'updated', 'added']);
    expect(events.map((e) => e.unreadCount)).toEqual([2, 2, 2]);
  });

  it('emits unreadCount alone when only the count changed (e.g. a row past the page was read)', () => {
    const inbox = [1, 2, 3].map((id) => note({ id }));
    const before = viewOf(inbox, 2);
    const after = viewOf([note({ id: 1, read: true }), note({ id: 2 }), note({ id: 3 })], 2, before);
    expect(diffViews(before, after)).toEqual([{ type: 'unreadCount', unreadCount: 2 }]);
  });

  it('does not emit unreadCount when another event already carries the new count', () => {
    const before = viewOf([note({ id: 1 })], 50);
    const after = viewOf([note({ id: 1, read: true })], 50, before);
    expect(types(diffViews(before, after))).toEqual(['updated']);
  });

  it('does not emit unreadCount when the count is capped at 100 on both sides', () => {
    const many = Array.from({ length: 120 }, (_, i) => note({ id: i + 1 }));
    const before = viewOf(many, 50);
    expect(before.unreadCount).toBe(100);
    const after = viewOf(many.map((n) => (n.id === 1 ? { ...n, notify_read: 'Y' as const } : n)), 50, before);
    expect(after.unreadCount).toBe(100);
    expect(diffViews(before, after)).toEqual([]);
  });
});

// --- model -------------------------------------------------------------------------------------------

type Kind = 'personal' | 'system' | 'confirm';
type Op =
  | { op: 'add'; kind: Kind; tag: number; dt: number }
  | { op: 'read'; pick: number; read: boolean }
  | { op: 'delete'; pick: number }
  | { op: 'confirm'; pick: number }
  | { op: 'replace'; pick: number; dt: number };

const TAGS = ['', '', 'MP|abcde|a', 'MP|abcde|b', 'MP|abcde|c'];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), kind: fc.constantFrom<Kind>('personal', 'system', 'confirm'), tag: fc.nat(TAGS.length - 1), dt: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('read' as const), pick: fc.nat(), read: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('confirm' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), dt: fc.nat(2) }) },
);

const historyArb = fc.record({
  pageSize: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 50 })),
  /** History before the baseline view. */
  setup: fc.array(opArb, { maxLength: 30 }),
  /** Operations between successive views (an empty step is a poll with no change). */
  steps: fc.array(fc.array(opArb, { maxLength: 4 }), { minLength: 1, maxLength: 25 }),
});

type Reason = 'deleted' | 'confirmed' | 'replaced';

class Portal {
  items = new Map<number, Notification>();
  nextId = 1;
  clock = 0;
  /** Removals since the last `takeRemovals()`: id → reason and last record. */
  removals = new Map<number, { reason: Reason; record: Notification }>();

  apply(o: Op): void {
    const list = [...this.items.values()].sort((a, b) => a.id - b.id);
    const pick = (from: Notification[], i: number) => (from.length ? from[i % from.length] : undefined);
    switch (o.op) {
      case 'add': {
        const type: NotifyType = o.kind === 'confirm' ? 1 : o.kind === 'personal' ? 2 : 4;
        this.add(type, type === 1 ? '' : TAGS[o.tag], o.dt);
        break;
      }
      case 'read': {
        const n = pick(list, o.pick);
        if (n) this.items.set(n.id, { ...n, notify_read: o.read ? 'Y' : 'N' });
        break;
      }
      case 'delete': {
        const n = pick(list, o.pick);
        if (n) this.remove(n, 'deleted');
        break;
      }
      case 'confirm': {
        const n = pick(list.filter((x) => x.notify_type === 1), o.pick);
        if (n) this.remove(n, 'confirmed');
        break;
      }
      case 'replace': {
        // A newer notification with the tag of an existing regular one (giving it one if it had none
        // would change an existing record, so only already-tagged ones are picked).
        const n = pick(list.filter((x) => x.notify_type !== 1 && x.notify_tag !== ''), o.pick);
        if (n) this.add(n.notify_type, n.notify_tag, o.dt);
        break;
      }
    }
  }

  private add(type: NotifyType, tag: string, dt: number): void {
    this.clock += dt;
    const n = note({ id: this.nextId++, at: this.clock, type, tag });
    this.items.set(n.id, n);
    if (tag !== '') {
      // D.0.2: every other notification with the same stored tag is deleted.
      for (const old of [...this.items.values()]) if (old.id !== n.id && old.notify_tag === tag) this.remove(old, 'replaced');
    }
  }

  private remove(n: Notification, reason: Reason): void {
    this.items.delete(n.id);
    this.removals.set(n.id, { reason, record: n });
  }

  takeRemovals() {
    const r = this.removals;
    this.removals = new Map();
    return r;
  }

  inbox(): Notification[] {
    return [...this.items.values()];
  }
}

interface Step {
  before: InboxView;
  after: InboxView;
  events: LiveEvent[];
  /** Removals between the two views. */
  removals: Map<number, { reason: Reason; record: Notification }>;
  /** The inbox at the time of `after`. */
  inbox: Notification[];
}

function replay(h: { pageSize: number; setup: Op[]; steps: Op[][] }): { baseline: InboxView; run: Step[] } {
  const portal = new Portal();
  for (const o of h.setup) portal.apply(o);
  portal.takeRemovals();
  const baseline = viewOf(portal.inbox(), h.pageSize);
  const run: Step[] = [];
  let before = baseline;
  for (const ops of h.steps) {
    for (const o of ops) portal.apply(o);
    const inbox = portal.inbox();
    const after = viewOf(inbox, h.pageSize, before);
    run.push({ before, after, events: diffViews(before, after), removals: portal.takeRemovals(), inbox });
    before = after;
  }
  return { baseline, run };
}

/** Whether `n` would be on the first page of `inbox` (of `pageSize`) had it not been removed. */
function wouldBeOnPage(n: Notification, inbox: Notification[], pageSize: number): boolean {
  return inbox.filter((x) => portalOrder(x, n) < 0).length < pageSize;
}

const PROPS = { seed: 0x5eed_d1ff, numRuns: 300 };

describe('diffViews — properties against a model of the portal', () => {
  it('(1) every new id is reported added exactly once, in increasing id order within a diff', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { baseline, run } = replay(h);
        const added: number[] = [];
        for (const s of run) {
          const diff = ids(s.events, 'added');
          expect(diff).toEqual([...diff].sort((a, b) => a - b));
          for (const e of s.events) if (e.type === 'added') expect(s.inbox.find((n) => n.id === e.notification.id)).toEqual(e.notification);
          added.push(...diff);
        }
        // Everything present at some view after the baseline and newer than the baseline's newest id.
        const expected = new Set<number>();
        for (const s of run) for (const n of s.inbox) if (n.id > baseline.newestId) expected.add(n.id);
        expect(added).toEqual([...expected].sort((a, b) => a - b));
      }),
      PROPS,
    );
  });

  it('(2) nothing is reported removed unless it was actually removed; pushed-off rows never are', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { run } = replay(h);
        for (const s of run) {
          for (const id of ids(s.events, 'removed')) {
            expect(s.removals.has(id), `id ${id} reported removed but still in the inbox`).toBe(true);
            expect(s.inbox.some((n) => n.id === id)).toBe(false);
          }
        }
      }),
      PROPS,
    );
  });

  it('(3) every removal of a row of the previous first page that would still be on the page is reported exactly once', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { run } = replay(h);
        const everRemoved: number[] = [];
        for (const s of run) {
          const removed = ids(s.events, 'removed');
          everRemoved.push(...removed);
          for (const old of s.before.page) {
            if (!s.removals.has(old.id) || !wouldBeOnPage(old, s.inbox, h.pageSize)) continue;
            expect(removed.filter((id) => id === old.id), `removal of ${old.id} (${s.removals.get(old.id)?.reason})`).toHaveLength(1);
            const event = s.events.find((e) => e.type === 'removed' && e.notification.id === old.id);
            expect(event).toMatchObject({ notification: old });
          }
        }
        expect(new Set(everRemoved).size).toBe(everRemoved.length);
      }),
      PROPS,
    );
  });

  it('(3b) a tag replacement of a row of the previous first page is always reported as a removal', () => {
    // The replacing notification arrives with the same tag and a higher id, so the replacement is
    // visible in the view even when the replaced row would otherwise look pushed off.
    fc.assert(
      fc.property(historyArb, (h) => {
        const { run } = replay(h);
        for (const s of run) {
          const removed = ids(s.events, 'removed');
          for (const old of s.before.page) {
            if (s.removals.get(old.id)?.reason !== 'replaced') continue;
            if (!s.after.arrivals.some((n) => n.notify_tag === old.notify_tag && n.id > old.id)) continue;
            expect(removed, `replaced ${old.id} (tag ${old.notify_tag})`).toContain(old.id);
          }
        }
      }),
      PROPS,
    );
  });

  it('(4) read-state changes of rows on both pages are reported, and nothing else is updated', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const { run } = replay(h);
        for (const s of run) {
          const now = new Map(s.after.page.map((n) => [n.id, n]));
          const expected = s.before.page.flatMap((old) => {
            const cur = now.get(old.id);
            return cur && cur.notify_read !== old.notify_read ? [cur] : [];
          });
          const updated = s.events.flatMap((e) => (e.type === 'updated' ? [e.notification] : []));
          expect([...updated].sort((a, b) => a.id - b.id)).toEqual([...expected].sort((a, b) => a.id - b.id));
        }
      }),
      PROPS,
    );
  });

  it('(5) events come in order, all carry the current unread count, and unreadCount only stands alone', () => {
    const rank = { removed: 0, updated: 1, added: 2, unreadCount: 3 } as const;
    fc.assert(
      fc.property(historyArb, (h) => {
        const { run } = replay(h);
        for (const s of run) {
          const { events, before, after } = s;
          if (events.length > 0) expect(events[events.length - 1].unreadCount).toBe(after.unreadCount);
          for (const e of events) expect(e.unreadCount).toBe(after.unreadCount);
          const r = events.map((e) => rank[e.type]);
          expect(r).toEqual([...r].sort((a, b) => a - b));
          const counts = events.filter((e) => e.type === 'unreadCount');
          if (counts.length > 0) expect(events).toEqual([{ type: 'unreadCount', unreadCount: after.unreadCount }]);
          if (events.length === 0) expect(after.unreadCount).toBe(before.unreadCount);
          if (after.unreadCount !== before.unreadCount) expect(events.length).toBeGreaterThan(0);
        }
      }),
      PROPS,
    );
  });
});
