/**
 * The Idempotency-Key of a form's create request. Sending the same body again — a retry after a time-out, a double
 * click — reuses the key, so the server creates the record once; a changed body is a new request with a new key.
 * `done()` after a success lets the next identical entry (a second "called, no answer") be a record of its own.
 */
import { useState } from 'react';
import { newIdempotencyKey } from '../api/client';

export interface SubmitKeys {
  keyFor(body: unknown): string;
  done(): void;
}

export function submitKeys(newKey: () => string = newIdempotencyKey): SubmitKeys {
  let last: { body: string; key: string } | null = null;
  return {
    keyFor(body) {
      const text = JSON.stringify(body);
      if (last?.body !== text) last = { body: text, key: newKey() };
      return last.key;
    },
    done() {
      last = null;
    },
  };
}

/** One SubmitKeys per mounted form. */
export function useSubmitKey(): SubmitKeys {
  return useState(() => submitKeys())[0];
}
