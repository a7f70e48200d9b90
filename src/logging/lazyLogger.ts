import type { Logger } from "pino";

/**
 * A logger that makes its pino child (bindings go through redaction, which costs) only when first used, for
 * per-request and per-push loggers that most requests never write to. `isLevelEnabled` is answered by the
 * parent's level without making the child.
 */
export function lazyChild(parent: () => Logger, bindings: Record<string, unknown>, levelSource?: Logger): Logger {
  let child: Logger | undefined;
  const real = () => (child ??= parent().child(bindings));
  return new Proxy({} as Logger, {
    get(_target, property) {
      if (property === "isLevelEnabled" && levelSource && !child) return (level: string) => levelSource.isLevelEnabled(level);
      const logger = real();
      const value = Reflect.get(logger, property, logger) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
    },
  });
}
