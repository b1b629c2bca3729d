/**
 * The key that signs published audit heads. A DBA who can rewrite the chain cannot forge a head signed with a
 * key that lives outside the database: AUDIT_SIGNING_KEY from the environment, or else a random key generated
 * once into `<DATA_DIR>/audit-signing.key` (owner-only) and reused on every later start.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataDir, type Config } from '../config.js';

export const signingKeyFile = 'audit-signing.key';

export async function auditSigningKey(config: Config): Promise<string> {
  if (config.AUDIT_SIGNING_KEY) return config.AUDIT_SIGNING_KEY;
  const dir = dataDir(config);
  const file = path.join(dir, signingKeyFile);
  const existing = await readKey(file);
  if (existing) return existing;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Written to a private temp file, then linked into place: link fails if another process got there first,
  // so two servers starting together agree on one key and nobody ever reads a half-written file.
  const key = randomBytes(32).toString('hex');
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, `${key}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(temp, file);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKey(file);
    if (!winner) throw new Error(`${file} exists but holds no usable key`);
    return winner;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The key in the file, or null if there is no file; tightens a file others can read. */
async function readKey(file: string): Promise<string | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = text.trim();
  if (key.length < 32) throw new Error(`${file} holds no usable key (expected at least 32 characters); remove it to generate a new one`);
  const { mode } = await fs.stat(file);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) await fs.chmod(file, 0o600);
  return key;
}
