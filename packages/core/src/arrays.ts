/**
 * `target.push(...items)` without handing the items over as arguments: past about 120,000 of them V8
 * runs out of stack (RangeError), and a plan or an estate can hold more changes than that.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** `Math.max(floor, ...values)` without handing the values over as arguments (see appendAll). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let most = floor;
  for (const value of values) most = Math.max(most, value);
  return most;
}

/** `Math.min(ceiling, ...values)` without handing the values over as arguments (see appendAll). */
export function minOf(values: Iterable<number>, ceiling = Infinity): number {
  let least = ceiling;
  for (const value of values) least = Math.min(least, value);
  return least;
}
