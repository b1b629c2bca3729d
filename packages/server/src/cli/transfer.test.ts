import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { dialects, freshDatabase } from '../test-support/databases.js';
import { seedDemo } from '../seed/demo.js';
import { demoOrgId } from '../seed/demo-company.js';
import { CliError, type CliIo } from './io.js';
import { runExport, runImport } from './transfer.js';

function capture(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
}

describe.each(dialects)('closeloop import and export on %s', (dialect) => {
  let database: DatabaseHandle;
  const clock = new ManualClock('2026-11-20T02:00:00.000Z');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-transfer-'));
  const leadsCsv = path.join(dir, '展会线索.csv');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDemo(database, clock, 'cli', { documents: false });
    fs.writeFileSync(leadsCsv, [
      '姓名,公司,手机,来源,城市',
      '李明,杭州启航教育科技有限公司,13912340001,展会,杭州',
      '王强,上海新锐智能装备有限公司,13912340002,展会,上海',
      '赵六,无名公司,not-a-phone,展会,上海',
    ].join('\n'));
  }, 180_000); // the demo's document story runs about a thousand units of work
  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const leadCount = async () =>
    Number((await database.db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', demoOrgId).executeTakeFirstOrThrow()).n);

  it('checks a file in a dry run without writing, and reports the bad row', async () => {
    const io = capture();
    const code = await runImport(database, clock, { file: leadsCsv, kind: 'leads', as: 'manager.east@demo.closeloop.cn', dryRun: true }, io);
    expect(code).toBe(1);
    expect(io.lines[0]).toContain('dry run, nothing written');
    expect(io.lines[1]).toBe('  2 would be created, 0 would be skipped as duplicates, 1 failed.');
    expect(io.lines.some((l) => /row 4, 手机 \(phone\)/.test(l))).toBe(true);
    expect(await leadCount()).toBe(3_000);
  });

  it('imports the good rows as the named person and writes the problems to a file', async () => {
    const errors = path.join(dir, 'problems.xlsx');
    const code = await runImport(database, clock, { file: leadsCsv, kind: 'leads', as: 'manager.east@demo.closeloop.cn', dryRun: false, errorsFile: errors }, capture());
    expect(code).toBe(1);
    expect(await leadCount()).toBe(3_002);
    expect(fs.readFileSync(errors).subarray(0, 2).toString()).toBe('PK');
    const imported = await database.db.selectFrom('leads').innerJoin('users', 'users.id', 'leads.owner_id').select('users.email').where('leads.phone_normal', '=', '13912340001').executeTakeFirstOrThrow();
    expect(imported.email).toBe('manager.east@demo.closeloop.cn');
  });

  it('refuses an import by a rep, who may not import', async () => {
    await expect(runImport(database, clock, { file: leadsCsv, kind: 'leads', as: 'rep1@demo.closeloop.cn', dryRun: true }, capture())).rejects.toThrow(/permission/);
  });

  it('exports only what the person may see', async () => {
    const rep = await database.db.selectFrom('users').select('id').where('email', '=', 'rep1@demo.closeloop.cn').executeTakeFirstOrThrow();
    const own = await database.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', rep.id).executeTakeFirstOrThrow();
    const file = path.join(dir, 'mine.csv');
    const io = capture();
    const result = await runExport(database, clock, { kind: 'customers', format: 'csv', as: 'rep1@demo.closeloop.cn', output: file }, io);
    expect(result.rows).toBe(Number(own.n));
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(Number(own.n) + 1);
    expect(io.lines[0]).toContain(`Exported ${own.n} customers visible to rep1@demo.closeloop.cn`);
  });

  it('exports every customer for ops as XLSX under a dated default name', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await runExport(database, clock, { kind: 'customers', format: 'xlsx', as: 'ops@demo.closeloop.cn' }, capture());
      expect(result.rows).toBe(2_000);
      expect(path.basename(result.file)).toBe('customers-2026-11-20.xlsx');
      expect(fs.readFileSync(result.file).subarray(0, 2).toString()).toBe('PK');
    } finally {
      process.chdir(cwd);
    }
  });

  it('names an unknown person or kind instead of failing obscurely', async () => {
    await expect(runExport(database, clock, { kind: 'customers', format: 'csv', as: 'nobody@example.cn' }, capture())).rejects.toThrow(CliError);
    await expect(runExport(database, clock, { kind: 'deals', format: 'csv', as: 'ops@demo.closeloop.cn' }, capture())).rejects.toThrow(/--kind must be one of/);
  });
});
