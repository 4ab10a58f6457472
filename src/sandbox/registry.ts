// Every method the sandbox serves, by registered (lower-case) name.
import { makeBatch } from './batch.js';
import { deleteMethods } from './methods/delete.js';
import { directoryMethods } from './methods/directory.js';
import { getMethods } from './methods/get.js';
import { readMethods } from './methods/read.js';
import { searchMethods } from './methods/search.js';
import { respondMethods } from './methods/respond.js';
import { sendMethods } from './methods/send.js';
import type { Method } from './portal.js';

const METHODS: Record<string, Method> = {
  ...sendMethods,
  ...getMethods,
  ...searchMethods,
  ...readMethods,
  ...deleteMethods,
  ...respondMethods,
  ...directoryMethods,
};
METHODS.batch = makeBatch(findMethod);

/** Looks a method up by name: lower-cased first, then as spelled (spec A.3). */
export function findMethod(name: string): Method | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(METHODS, lower)) return METHODS[lower];
  return Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
}
