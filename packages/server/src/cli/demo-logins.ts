/** The demo accounts as a table, for `seed --demo` and the start-up banner. */
import type { DemoLogin } from '../seed/demo.js';
import { demoPassword } from '../seed/demo-company.js';
import { table } from './io.js';

/** `featuredOnly` keeps the start-up banner short. */
export function demoLoginLines(logins: readonly DemoLogin[], featuredOnly: boolean): string[] {
  if (logins.length === 0) return [];
  const shown = featuredOnly ? logins.filter((l) => l.featured) : logins;
  const others = logins.length - shown.length;
  return [
    `Demo logins (password for all: ${demoPassword}; sign in with the e-mail or the phone):`,
    ...table(['role', 'name', 'title', 'email', 'phone'], shown.map((l) => [l.role, l.name, l.title, l.email, l.phone ?? ''])),
    ...(others > 0 ? [`  … and ${others} more (rep2 … rep21, the other group leads and regional heads); \`closeloop seed --demo\` lists them all.`] : []),
  ];
}
