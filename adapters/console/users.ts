/**
 * Named console users (optional): a YAML file of `{ name, role: admin|sales, password }`, the
 * password stored as `scrypt$<N>$<r>$<p>$<salt>$<hash>` (node:crypto scrypt, base64url parts).
 * `npx leadq console hash-password` prints such a line.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { schemaValidator } from '../../core/validation/schema-validator.js';
import type { Principal, Role } from '../http/admin-auth.js';

export interface ConsoleUser {
  name: string;
  role: Role;
  password: string;
}

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

const COST = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const HASH = /^scrypt\$(\d{1,7})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{40,64})$/;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...COST, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = HASH.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, hash] = match;
  const expected = Buffer.from(hash!, 'base64url');
  const key = await scrypt(password, Buffer.from(salt!, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(key, expected);
}

const usersSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'role', 'password'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\s]+$' },
          role: { enum: ['admin', 'sales'] },
          password: { type: 'string', pattern: HASH.source },
        },
      },
    },
  },
} as const;

const validate = schemaValidator<{ users: ConsoleUser[] }>({ name: 'console-users', schema: usersSchema, options: { allErrors: true } });

/** Loads and checks the users file; a bad file stops start-up with every problem named. */
export async function loadConsoleUsers(file: string): Promise<ConsoleUser[]> {
  // yaml is loaded only when a users file is configured.
  const { parse } = await import('yaml');
  const data: unknown = parse(await readFile(file, 'utf8'));
  if (!validate(data)) {
    throw new Error(`${file}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')} (passwords must be scrypt hashes: npx leadq console hash-password)`);
  }
  const names = new Set<string>();
  for (const user of data.users) {
    if (names.has(user.name)) throw new Error(`${file}: user "${user.name}" is listed twice`);
    names.add(user.name);
  }
  return data.users;
}

/** The principal the password signs in as: the admin token, or a named user's password. */
export async function checkSignIn(users: readonly ConsoleUser[], adminToken: string | undefined, name: string, password: string, sameSecret: (a: string, b: string) => boolean): Promise<Principal | null> {
  if (name === '') return adminToken && sameSecret(password, adminToken) ? { name: 'admin', role: 'admin' } : null;
  const user = users.find((u) => u.name === name);
  // Hash anyway when the name is unknown, so timing does not tell which names exist.
  const ok = await verifyPassword(password, user?.password ?? DUMMY_HASH);
  return user && ok ? { name: user.name, role: user.role } : null;
}

const DUMMY_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;
