import { randomUUID } from "node:crypto";

const SANE = /^[\w.:-]{1,128}$/;

/** The request's id: an incoming `x-request-id` when it is a sane token, else a new UUID. */
export function requestIdOf(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && SANE.test(incoming) ? incoming : randomUUID();
}
