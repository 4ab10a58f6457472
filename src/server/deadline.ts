// One deadline per operation (DESIGN §7): every upstream call of a query or mutation, retries
// included, shares it. At the deadline the client withdraws calls still queued (not sent) and
// gives up on calls in flight (a write among them is UPSTREAM_OUTCOME_UNKNOWN). Subscriptions
// live as long as their client wants, so only execution starts the clock.
import { Kind, getOperationAST, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Deadlines } from '../config.js';

/** The root field whose operations get the longer deadline. */
const BULK_FIELD = 'sendNotifications';

interface Clock {
  controller: AbortController;
  timer?: NodeJS.Timeout;
}

// Keyed by the signal the context carries, so the schema's context needs no server type.
const clocks = new WeakMap<AbortSignal, Clock>();

/** A new operation's deadline signal, for its context; it aborts only once the operation executes and runs out of time. */
export function operationDeadline(): AbortSignal {
  const controller = new AbortController();
  clocks.set(controller.signal, { controller });
  return controller.signal;
}

/** Starts an operation's clock when it executes, and stops it when it is done. */
export function useDeadlines(deadlines: Deadlines): Plugin {
  return {
    onExecute({ args }) {
      const signal = (args.contextValue as { deadline?: AbortSignal } | undefined)?.deadline;
      const clock = signal && clocks.get(signal);
      if (!clock || clock.timer) return;
      const ms = runsBulkSend(args.document, args.operationName) ? deadlines.bulkSendMs : deadlines.operationMs;
      clock.timer = setTimeout(() => clock.controller.abort(new DOMException(`the operation's deadline of ${ms} ms passed`, 'TimeoutError')), ms);
      return { onExecuteDone: () => clearTimeout(clock.timer) };
    },
  };
}

function runsBulkSend(document: DocumentNode, operationName: string | null | undefined): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  // Root fields may sit in fragments; each fragment is looked at once, so cycles end.
  const seen = new Set<string>();
  const holds = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === BULK_FIELD;
      if (selection.kind === Kind.INLINE_FRAGMENT) return holds(selection.selectionSet);
      const name = selection.name.value;
      if (seen.has(name) || !fragments.has(name)) return false;
      seen.add(name);
      return holds(fragments.get(name)!);
    });
  return holds(operation.selectionSet);
}
