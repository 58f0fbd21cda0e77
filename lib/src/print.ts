// Python's print / str for notebook cells, so they read like the course's `print("W1 = " + str(W1))`.
import { format, type Printable } from "./format";

/** numpy's / Python's `str(x)`, e.g. `"W1 = " + str(W1)`. */
export function str(x: Printable | string): string {
  return typeof x === "string" ? x : format(x);
}

/** Python's `print(a, b, …)`: arguments as `str` shows them, joined by spaces, e.g. `print("cost =", 0.5)`. */
export function print(...args: (Printable | string)[]): void {
  console.log(args.map(str).join(" "));
}
