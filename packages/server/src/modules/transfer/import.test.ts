import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { verifyChain } from '../../platform/audit/chain.js';
import { sheetLimits } from './sheet-reader.js';

/** A multipart/form-data body with one file and some text fields, as a browser would send it. */
function form(file: { name: string; content: Buffer | string; type?: string }, fields: Record<string, string> = {}) {
  const boundary = '----closeloop-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`));
  parts.push(typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('线索');
  for (const row of rows) sheet.addRow(row);
  workbook.addWorksheet('说明').addRow(['这张表不会被导入']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.each(dialects)('imports on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const upload = (kind: 'customers' | 'leads', person: Person, file: Parameters<typeof form>[0], fields: Record<string, string> = {}, lang = 'zh-CN') => {
    const body = form(file, fields);
    return world.app.inject({
      method: 'POST', url: `/api/v1/imports/${kind}`,
      headers: { ...world.as(person), 'content-type': body.contentType, 'accept-language': lang },
      payload: body.payload,
    });
  };
  const customersNamed = (names: string[]) =>
    world.database.db.selectFrom('customers').selectAll().where('org_id', '=', world.orgId).where('name', 'in', names).execute();
  const count = async (table: 'customers' | 'leads' | 'audit_log' | 'events') =>
    Number((await world.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('imports the good rows of a CSV and reports each bad row by spreadsheet row and column', async () => {
    const csv = [
      '客户名称,行业,手机,邮箱,城市,信用额度,标签',
      '苏州精工机械有限公司,制造业,13811110001,buyer@jinggong.cn,苏州,50万,"重点客户，续约"',
      '南京餐饮连锁,餐饮,13811110002,,南京,,',
      '',
      '无锡启明教育,教育,12345,not-an-email,无锡,500000,',
      '常州远航物流,Logistics,021-6288 0000,,常州,"1,234,567.89",华东;物流',
      ',制造业,13811110005,,,,',
    ].join('\r\n');
    const auditBefore = await count('audit_log');
    const eventsBefore = await count('events');
    const res = await upload('customers', 'managerEast', { name: 'customers.csv', content: `\uFEFF${csv}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dryRun: false, total: 5, created: 2, skipped: 0, failed: 3 });
    expect(body.errors).toEqual([
      { row: 3, column: '行业', field: 'industry', message: expect.stringContaining('“餐饮”不是可选值') },
      { row: 5, column: '手机', field: 'phone', message: expect.stringContaining('不是有效的电话号码') },
      { row: 5, column: '邮箱', field: 'email', message: '不是有效的邮箱地址' },
      { row: 7, column: '客户名称', field: 'name', message: '必填' },
    ]);
    const written = await customersNamed(['苏州精工机械有限公司', '南京餐饮连锁', '无锡启明教育', '常州远航物流']);
    expect(written.map((c) => c.name).sort()).toEqual(['常州远航物流', '苏州精工机械有限公司']);
    const jinggong = written.find((c) => c.name === '苏州精工机械有限公司')!;
    expect(Number(jinggong.credit_limit_minor)).toBe(50_000_000);
    expect(jinggong.credit_currency).toBe('CNY');
    expect(JSON.parse(jinggong.tags)).toEqual(['重点客户', '续约']);
    expect(jinggong.owner_id).toBe(world.ids.managerEast);
    expect(jinggong.team_id).toBe(world.teams.east);
    expect(Number(written.find((c) => c.name === '常州远航物流')!.credit_limit_minor)).toBe(123_456_789);
    // One create entry per row plus the import's own entry; one event per row; the chain still verifies.
    expect(await count('audit_log')).toBe(auditBefore + 3);
    expect(await count('events')).toBe(eventsBefore + 2);
    const entries = await world.database.db.selectFrom('audit_log').selectAll().where('org_id', '=', world.orgId).orderBy('seq', 'desc').limit(3).execute();
    expect(entries.map((e) => e.action)).toEqual(['import', 'create', 'create']);
    expect(JSON.parse(entries[0]!.after!)).toMatchObject({ kind: 'customers', total: 5, created: 2, failed: 3 });
    expect(new Set(entries.slice(1).map((e) => e.entity_id))).toEqual(new Set(written.map((c) => c.id)));
    const events = await world.database.db.selectFrom('events').selectAll().where('subject', 'in', written.map((c) => c.id)).execute();
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.created']);
    expect((await verifyChain(world.database.db, world.orgId)).ok).toBe(true);
  });

  it('imports leads from the first sheet of an XLSX, reading numbers, dates and labels', async () => {
    const file = await xlsx([
      ['*姓名', '公司', '手机', '来源', '阶段', '行业', '区域', '首次联系时间', '意向标签'],
      ['陈晓东', '宁波海达精密制造有限公司', 13922220001, '展会', '已联系', '制造业', '上海', new Date(Date.UTC(2026, 9, 30, 14, 0)), '预算已批、急需'],
      ['周婷', '绍兴纺织', 13922220002, '飞鸽传书', '新线索', '', '', '', ''],
      ['吴磊', '嘉兴港务物流', '13922220003', '', '', 'logistics', '火星', '2026-13-01', ''],
      ['郑爽', null, { text: '13922220004', hyperlink: 'tel:13922220004' }, 'referral', 'qualified', '', 'SH', '2026/10/31', ''],
    ]);
    const res = await upload('leads', 'managerEast', {
      name: 'leads.xlsx', content: file, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 4, created: 2, failed: 2 });
    expect(body.errors).toEqual([
      { row: 3, column: '来源', field: 'source', message: expect.stringContaining('“飞鸽传书”不是可选值') },
      { row: 4, column: '区域', field: 'region', message: expect.stringContaining('没有名为“火星”的区域') },
      { row: 4, column: '首次联系时间', field: 'firstContactAt', message: expect.stringContaining('不是有效的日期或时间') },
    ]);
    const leads = await world.database.db.selectFrom('leads').selectAll().where('name', 'in', ['陈晓东', '郑爽', '周婷', '吴磊']).orderBy('name').execute();
    expect(leads.map((l) => l.name).sort()).toEqual(['郑爽', '陈晓东'].sort());
    const chen = leads.find((l) => l.name === '陈晓东')!;
    expect(chen).toMatchObject({
      phone: '13922220001', source: 'exhibition', stage: 'contacted', industry: 'manufacturing', region_id: world.regions.shanghai,
      // 14:00 on the sheet is company time (Asia/Shanghai).
      first_contact_at: '2026-10-30T06:00:00.000Z',
    });
    expect(JSON.parse(chen.intent_tags)).toEqual(['预算已批', '急需']);
    expect(leads.find((l) => l.name === '郑爽')).toMatchObject({ source: 'referral', stage: 'qualified', region_id: world.regions.shanghai, phone: '13922220004' });
  });

  it('writes nothing on a dry run but reports what would happen', async () => {
    const before = await Promise.all([count('customers'), count('audit_log'), count('events')]);
    const csv = 'name,industry,phone\n杭州云栖软件,saas,13833330001\n坏数据公司,unknown-industry,\n';
    const res = await upload('customers', 'admin', { name: 'c.csv', content: csv }, { dryRun: 'true' }, 'en');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, total: 2, created: 1, failed: 1 });
    expect(res.json().errors[0]).toMatchObject({ row: 3, column: 'industry', field: 'industry', message: expect.stringContaining('is not one of') });
    expect(await Promise.all([count('customers'), count('audit_log'), count('events')])).toEqual(before);
  });

  it('maps Chinese and English headers automatically, and follows an explicit mapping when given', async () => {
    const auto = await upload('customers', 'admin', {
      name: 'c.csv', content: '名称,行业,电话,邮箱,城市,标签,企业规模,预算区间\n温州瓯江电气,制造业,0577-8888 1234,Sales@OuJiang.cn,温州,"温州,电气",中型,50-200万\n',
    });
    expect(auto.json()).toMatchObject({ created: 1, failed: 0 });
    const [oujiang] = await customersNamed(['温州瓯江电气']);
    expect(oujiang).toMatchObject({ industry: 'manufacturing', phone: '0577-8888 1234', email: 'Sales@OuJiang.cn', city: '温州', size: 'medium', budget_band: '500k_2m' });

    const mapped = await upload('customers', 'admin', { name: 'c.csv', content: '单位全称,类别,座机号码\n台州海润医疗器械,医疗,0576-8123 4567\n' }, {
      mapping: JSON.stringify({ name: '单位全称', industry: '类别', phone: '座机号码' }),
    });
    expect(mapped.json()).toMatchObject({ created: 1, failed: 0 });
    expect((await customersNamed(['台州海润医疗器械']))[0]).toMatchObject({ industry: 'healthcare', phone: '0576-8123 4567' });

    const badMapping = await upload('customers', 'admin', { name: 'c.csv', content: '单位全称\nX\n' }, { mapping: JSON.stringify({ name: '不存在的列', colour: '单位全称' }) });
    expect(badMapping.statusCode).toBe(400);
    expect(Object.keys(badMapping.json().error.fields).sort()).toEqual(['body.mapping.colour', 'body.mapping.name']);
    const noNameColumn = await upload('customers', 'admin', { name: 'c.csv', content: '行业,电话\n制造业,13800000000\n' });
    expect(noNameColumn.statusCode).toBe(422);
    expect(noNameColumn.json().error.code).toBe('IMPORT_FAILED');
  });

  it('reads a GB18030 CSV as saved by Excel on Chinese Windows', async () => {
    // "客户名称,行业\r\n丽水绿谷农业,其他\r\n" in GB18030
    const gb = Buffer.from('bfcdbba7c3fbb3c62cd0d0d2b50d0ac0f6cbaec2ccb9c8c5a9d2b52cc6e4cbfb0d0a', 'hex');
    const res = await upload('customers', 'admin', { name: 'gbk.csv', content: gb });
    expect(res.json()).toMatchObject({ created: 1, failed: 0 });
    expect(await customersNamed(['丽水绿谷农业'])).toHaveLength(1);
  });

  it('skips rows that repeat an existing record or an earlier row, and says what they matched', async () => {
    const existing = await world.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: world.as('repEast1'),
      payload: { name: '金华双龙五金有限公司', industry: 'manufacturing', phone: '13844440001' },
    });
    const existingId = existing.json().customer.id;
    const hidden = await world.app.inject({
      method: 'POST', url: '/api/v1/customers', headers: world.as('repNorth'),
      payload: { name: '保定长城配件', industry: 'manufacturing', email: 'buy@changcheng.cn' },
    });
    expect(hidden.statusCode).toBe(201);
    const csv = [
      '客户名称,行业,手机,邮箱',
      '金华双龙五金,制造业,+86 138 4444 0002,', // same company, differently written
      '义乌小商品城,零售,138-4444-0001,', // same phone as the existing customer
      '衢州新材料,能源,13844440003,info@xincailiao.cn',
      '衢州新材料有限公司,能源,,', // same company as the row above
      '保定长城配件厂,制造业,,BUY@changcheng.cn', // matches a record out of the manager's scope
    ].join('\n');
    const res = await upload('customers', 'managerEast', { name: 'dups.csv', content: csv });
    const body = res.json();
    expect(body).toMatchObject({ total: 5, created: 1, skipped: 4, failed: 0 });
    expect(body.duplicates).toEqual([
      { row: 2, matchedOn: ['name'], existingId },
      { row: 3, matchedOn: ['phone'], existingId },
      { row: 5, matchedOn: ['name'], earlierRow: 4 },
      { row: 6, matchedOn: ['email'] },
    ]);
    expect(await customersNamed(['金华双龙五金', '义乌小商品城', '衢州新材料', '衢州新材料有限公司', '保定长城配件厂'])).toHaveLength(1);

    const again = await upload('customers', 'managerEast', { name: 'dups.csv', content: csv }, { onDuplicate: 'create' });
    expect(again.json()).toMatchObject({ created: 5, skipped: 0 });
    expect(again.json().duplicates).toHaveLength(5);
  });

  it('refuses a rep with 403 and writes nothing, while a manager may import', async () => {
    const before = await Promise.all([count('customers'), count('audit_log')]);
    const csv = '客户名称,行业\n湖州太湖丝绸,零售\n';
    const rep = await upload('customers', 'repEast1', { name: 'c.csv', content: csv });
    expect(rep.statusCode).toBe(403);
    expect(rep.json().error.code).toBe('FORBIDDEN');
    expect(await Promise.all([count('customers'), count('audit_log')])).toEqual(before);
    const manager = await upload('customers', 'managerNorth', { name: 'c.csv', content: csv });
    expect(manager.statusCode).toBe(200);
    expect((await customersNamed(['湖州太湖丝绸']))[0]!.owner_id).toBe(world.ids.managerNorth);
  });

  it('assigns rows to owners by email only where the importer may assign', async () => {
    const csv = [
      '姓名,公司,负责人邮箱',
      '甲,舟山渔业一号,repeast1@test.closeloop.cn',
      '乙,舟山渔业二号,REPEAST2@test.closeloop.cn',
      '丙,舟山渔业三号,repnorth@test.closeloop.cn',
      '丁,舟山渔业四号,nobody@test.closeloop.cn',
      '戊,舟山渔业五号,',
    ].join('\n');
    const res = await upload('leads', 'managerEast', { name: 'owners.csv', content: csv });
    const body = res.json();
    expect(body).toMatchObject({ created: 3, failed: 2 });
    expect(body.errors).toEqual([
      { row: 4, column: '负责人邮箱', field: 'ownerEmail', message: expect.stringContaining('您不能把记录分配给') },
      { row: 5, column: '负责人邮箱', field: 'ownerEmail', message: expect.stringContaining('没有邮箱为') },
    ]);
    const leads = await world.database.db.selectFrom('leads').select(['company', 'owner_id', 'team_id', 'source']).where('company', 'like', '舟山渔业%').orderBy('company').execute();
    expect(leads).toEqual(expect.arrayContaining([
      { company: '舟山渔业一号', owner_id: world.ids.repEast1, team_id: world.teams.east1, source: 'import' },
      { company: '舟山渔业二号', owner_id: world.ids.repEast2, team_id: world.teams.east2, source: 'import' },
      { company: '舟山渔业五号', owner_id: world.ids.managerEast, team_id: world.teams.east, source: 'import' },
    ]));
    expect(leads).toHaveLength(3);
  });

  it('returns every error as a downloadable XLSX report with the rows to fix', async () => {
    const csv = '姓名,手机,阶段\n好人,13855550001,新线索\n,13855550002,新线索\n坏阶段,13855550003,快成交了\n';
    const res = await upload('leads', 'managerEast', { name: 'l.csv', content: csv }, { reportFormat: 'xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="leads-import-errors.xlsx"');
    expect(res.headers['x-import-created']).toBe('1');
    expect(res.headers['x-import-failed']).toBe('2');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const [errors, rows] = workbook.worksheets;
    expect(errors!.name).toBe('错误明细');
    expect(errors!.getRow(1).values).toEqual([undefined, '行号', '列', '字段', '错误说明']);
    expect(errors!.getRow(2).values).toEqual([undefined, 3, '姓名', 'name', '必填']);
    expect((errors!.getRow(3).values as unknown[]).slice(1, 4)).toEqual([4, '阶段', 'stage']);
    expect(rows!.getRow(1).values).toEqual([undefined, '行号', '姓名', '手机', '阶段', '错误说明']);
    expect((rows!.getRow(3).values as unknown[]).slice(1, 5)).toEqual([4, '坏阶段', '13855550003', '快成交了']);

    const csvReport = await upload('leads', 'managerEast', { name: 'l.csv', content: csv }, { reportFormat: 'csv', dryRun: 'true' }, 'en');
    expect(csvReport.headers['content-type']).toContain('text/csv');
    const lines = csvReport.body.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines.slice(0, 2)).toEqual(['Row,Column,Field,Problem', '3,姓名,name,required']);
  });

  it('refuses uploads that are not multipart or carry no file', async () => {
    const json = await world.app.inject({ method: 'POST', url: '/api/v1/imports/leads', headers: world.as('admin'), payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const noFile = form({ name: 'x.csv', content: '' }, { dryRun: 'maybe' });
    const res = await world.app.inject({
      method: 'POST', url: '/api/v1/imports/leads', headers: { ...world.as('admin'), 'content-type': noFile.contentType }, payload: noFile.payload,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['body.dryRun', 'body.file']);
  });

  it('refuses a malformed CSV, a file that is not a workbook, and a file over the size limits with 422', async () => {
    const unclosed = await upload('leads', 'admin', { name: 'bad.csv', content: '姓名,公司\n"未闭合,引号\n' });
    expect(unclosed.statusCode).toBe(422);
    expect(unclosed.json().error.code).toBe('IMPORT_FAILED');
    const fakeZip = await upload('leads', 'admin', { name: 'x.xlsx', content: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 1)]) });
    expect(fakeZip.statusCode).toBe(422);
    const saved = { ...sheetLimits };
    sheetLimits.rows = 5;
    try {
      const lines = ['姓名', ...Array.from({ length: 10 }, (_, i) => `超限${i}`)];
      const tooLong = await upload('leads', 'admin', { name: 'long.csv', content: lines.join('\n') });
      expect(tooLong.statusCode).toBe(422);
      expect(tooLong.json().error.message).toContain('split it into several files');
    } finally {
      Object.assign(sheetLimits, saved);
    }
    expect(await world.database.db.selectFrom('leads').select('id').where('name', 'like', '超限%').execute()).toEqual([]);
  });

  it('imports 3,000 rows in batches with one audit entry per row and a chain that verifies', async () => {
    const lines = ['name,company,phone'];
    for (let i = 0; i < 3000; i += 1) lines.push(`批量${i},批量测试${i}号公司,139${String(77_000_000 + i)}`);
    const res = await upload('leads', 'admin', { name: 'bulk.csv', content: lines.join('\n') });
    expect(res.json()).toMatchObject({ total: 3000, created: 3000, failed: 0, skipped: 0 });
    const audited = await world.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n'))
      .where('org_id', '=', world.orgId).where('entity_type', '=', 'lead').where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBeGreaterThanOrEqual(3000);
    expect((await verifyChain(world.database.db, world.orgId)).ok).toBe(true);
  });
});
