import { Steps } from '../../../src/core/search/steps';

/** Runs steps to the end: their result, and how many times they gave the event loop back on the way. */
export function stepped<T>(steps: Steps<T>): { value: T; yields: number } {
  let yields = 0;
  for (;;) {
    const next = steps.next();
    if (next.done) return { value: next.value, yields };
    yields++;
  }
}
