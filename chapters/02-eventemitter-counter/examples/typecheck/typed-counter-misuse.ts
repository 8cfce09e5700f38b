/**
 * Mistakes the TypedCounter's types reject. Never run, only type-checked: each
 * @ts-expect-error says "the next line must not compile"; if it compiled, tsc
 * would fail with "Unused '@ts-expect-error' directive". test/typed-events.test.ts
 * runs tsc on this file as is (it passes) and with the directives removed
 * (each marked line then fails, and only those).
 */
import { Counter } from '../01-counter-class';
import { TypedCounter } from '../06-typed-events';

const typed = new TypedCounter(10);

// @ts-expect-error -- there is no 'incremnted' event (a typo)
typed.on('incremnted', (count: number) => console.log(count));

// @ts-expect-error -- 'incremented' listeners receive a number, not a string
typed.on('incremented', (count: string) => console.log(count.toUpperCase()));

// @ts-expect-error -- emitting 'incremented' requires the count
typed.emit('incremented');

// @ts-expect-error -- `count` is inferred as number, which has no toUpperCase()
typed.once('incremented', (count) => console.log(count.toUpperCase()));

// Correct uses compile: `count` is inferred as number.
typed.on('incremented', (count) => console.log(count.toFixed(0)));
typed.off('error', (error) => console.log(error.message));

// The untyped Counter accepts the same typo without a word.
const untyped = new Counter(10);
untyped.on('incremnted', (count: number) => console.log(count));
