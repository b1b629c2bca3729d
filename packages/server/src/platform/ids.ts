import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** Time-sortable ids (UUIDv7): new rows cluster at the end of indexes and sort by creation. */
export const newId = (): string => uuidv7();

/** A secret for a cookie or a token: 32 bytes from the CSPRNG, base64url. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
