import type { Logger } from "pino";

const noop = () => undefined;

/**
 * A child of `parent` that is made only when something is actually logged through it: pino runs a child's
 * bindings through redaction, which costs on every request and push, while most of them log nothing below `info`.
 * Log calls for levels the parent has off, and `isLevelEnabled`, are answered without making the child (a child
 * has its parent's level).
 */
export function lazyChild(parent: Logger, bindings: Record<string, unknown>): Logger {
  let child: Logger | undefined;
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (!child) {
        if (property === "isLevelEnabled") return (level: string) => parent.isLevelEnabled(level);
        if (property === "levels") return parent.levels; // so a lazy child of a lazy child stays lazy too
        if (typeof property === "string" && property in parent.levels.values && !parent.isLevelEnabled(property))
          return noop;
      }
      child ??= parent.child(bindings);
      const value = Reflect.get(child, property, child) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(child) : value;
    },
  });
}
