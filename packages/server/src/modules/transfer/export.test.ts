import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { secretHash } from '../../platform/auth/tokens.js';
import { newId, newSecret } from '../../platform/ids.js';

/** The rows of a CSV download as objects keyed by header. */
function csvRecords(body: string): Array<Record<string, string>> {
  return parse(body, { bom: true, columns: true }) as Array<Record<string, string>>;
}

async function xlsxSheet(payload: Buffer): Promise<{ headers: unknown[]; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const all: unknown[][] = [];
  sheet.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  return { headers: all[0] ?? [], rows: all.slice(1) };
}

describe.each(dialects)('exports on %s', (dialect) => {
  let world: TestWorld;
  const customerIds: Record<string, string> = {};

  const createCustomer = async (person: Person, body: Record<string, unknown>) => {
    const res = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: world.as(person), payload: body });
    expect(res.statusCode).toBe(201);
    customerIds[body.name as string] = res.json().customer.id;
  };
  const download = (person: Person, path: string, lang = 'zh-CN', headers: Record<string, string> = {}) =>
    world.app.inject({ method: 'GET', url: `/api/v1/exports/${path}`, headers: { ...world.as(person), 'accept-language': lang, ...headers } });

  beforeAll(async () => {
    world = await createWorld(dialect);
    await createCustomer('repEast1', {
      name: '上海浦江精密制造', industry: 'manufacturing', regionId: world.regions.shanghai, city: '上海',
      creditLimit: { minor: 50_000_000, currency: 'CNY' }, phone: '+86 21 6288 0000', address: '=HYPERLINK("http://evil.example")',
      tags: ['重点客户', '续约'],
    });
    await createCustomer('repEast1', { name: '上海徐汇教育集团', industry: 'education', city: '上海' });
    await createCustomer('repEast2', { name: '杭州西湖零售', industry: 'retail', regionId: world.regions.hangzhou });
    await createCustomer('repNorth', { name: '北京海淀软件', industry: 'saas', regionId: world.regions.beijing });
    const now = world.clock.now().toISOString();
    await world.database.db.insertInto('contacts').values([
      { id: newId(), org_id: world.orgId, customer_id: customerIds['上海浦江精密制造']!, name: '王建国', title: '采购总监', phone: null, phone_normal: null, email: null, is_decision_maker: 1, search_text: '王建国', created_at: now, updated_at: now },
      { id: newId(), org_id: world.orgId, customer_id: customerIds['北京海淀软件']!, name: '赵立', title: 'CTO', phone: null, phone_normal: null, email: null, is_decision_maker: 0, search_text: '赵立', created_at: now, updated_at: now },
    ]).execute();
    await world.database.db.insertInto('activities').values([
      { id: newId(), org_id: world.orgId, kind: 'visit', lead_id: null, customer_id: customerIds['上海浦江精密制造']!, occurred_at: now, duration_minutes: 45, text: '拜访采购部，关注交付周期', owner_id: world.ids.repEast1, created_at: now, updated_at: now },
      { id: newId(), org_id: world.orgId, kind: 'call', lead_id: null, customer_id: customerIds['北京海淀软件']!, occurred_at: now, duration_minutes: 10, text: '电话沟通报价', owner_id: world.ids.repNorth, created_at: now, updated_at: now },
    ]).execute();
    await world.database.db.insertInto('products').values([
      { id: newId(), org_id: world.orgId, sku: 'CL-MES-STD', name: 'MES 标准版（年）', category: '软件', unit: '套', currency: 'CNY', list_price_minor: 12_000_000, floor_price_minor: 9_600_050, search_text: 'mes', created_at: now, updated_at: now },
      { id: newId(), org_id: world.otherOrgId, sku: 'OTHER-1', name: 'Other product', category: null, unit: 'pc', currency: 'USD', list_price_minor: 100, floor_price_minor: 50, search_text: 'other', created_at: now, updated_at: now },
    ]).execute();
  });
  afterAll(() => world.close());

  it("gives a rep only their own customers, and another team's manager none of them", async () => {
    const rep = await download('repEast1', 'customers?format=csv');
    expect(rep.statusCode).toBe(200);
    expect(csvRecords(rep.body).map((r) => r['客户名称']).sort()).toEqual(['上海徐汇教育集团', '上海浦江精密制造']);

    const eastManager = csvRecords((await download('managerEast', 'customers?format=csv')).body).map((r) => r['客户名称']);
    expect(eastManager.sort()).toEqual(['上海徐汇教育集团', '上海浦江精密制造', '杭州西湖零售'].sort());

    const northManager = csvRecords((await download('managerNorth', 'customers?format=csv')).body).map((r) => r['客户名称']);
    expect(northManager).toEqual(['北京海淀软件']);

    const whitelisted = csvRecords((await download('whitelisted', 'customers?format=csv')).body).map((r) => r['客户名称']);
    expect(whitelisted).toEqual(['上海浦江精密制造']);

    const otherOrg = csvRecords((await download('otherOrgAdmin', 'customers?format=csv')).body);
    expect(otherOrg).toEqual([]);
  });

  it('writes an XLSX that exceljs reads, with headers in the language asked for and money as decimal text', async () => {
    const zh = await download('repEast1', 'customers?format=xlsx&sort=name:asc');
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(zh.headers['content-disposition']).toBe('attachment; filename="customers-2026-11-02.xlsx"');
    const sheet = await xlsxSheet(zh.rawPayload);
    expect(sheet.headers.slice(0, 4)).toEqual(['客户名称', '行业', '区域', '城市']);
    const pujiang = sheet.rows.find((r) => r[0] === '上海浦江精密制造')!;
    const at = (header: string) => pujiang[sheet.headers.indexOf(header)];
    expect(at('行业')).toBe('制造业');
    expect(at('区域')).toBe('上海');
    expect(at('信用额度')).toBe('500000.00');
    expect(at('币种')).toBe('CNY');
    expect(at('标签')).toBe('重点客户, 续约');
    expect(at('负责人邮箱')).toBe('repeast1@test.closeloop.cn');
    expect(at('创建时间')).toBe('2026-11-02 09:00:00');
    expect(at('电话')).toBe('+86 21 6288 0000');
    expect(at('地址')).toBe('=HYPERLINK("http://evil.example")'); // an XLSX text cell, never a formula

    const en = await xlsxSheet((await download('repEast1', 'customers?format=xlsx', 'en-US,en;q=0.9')).rawPayload);
    expect(en.headers.slice(0, 3)).toEqual(['Customer name', 'Industry', 'Region']);
    expect(en.rows.some((r) => r[1] === 'Manufacturing')).toBe(true);
  });

  it('defuses formulas in CSV cells', async () => {
    const body = (await download('repEast1', 'customers?format=csv')).body;
    const pujiang = csvRecords(body).find((r) => r['客户名称'] === '上海浦江精密制造')!;
    expect(pujiang['电话']).toBe("'+86 21 6288 0000");
    expect(pujiang['地址']).toBe('\'=HYPERLINK("http://evil.example")');
  });

  it('applies the same filters as the list', async () => {
    const manufacturing = csvRecords((await download('managerEast', 'customers?format=csv&industry=manufacturing')).body);
    expect(manufacturing.map((r) => r['客户名称'])).toEqual(['上海浦江精密制造']);
    const searched = csvRecords((await download('managerEast', `customers?format=csv&q=${encodeURIComponent('西湖')}`)).body);
    expect(searched.map((r) => r['客户名称'])).toEqual(['杭州西湖零售']);
    const bad = await download('managerEast', 'customers?format=pdf&sort=colour:asc');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['querystring.format', 'querystring.sort']);
  });

  it('pages through more rows than one query returns, in a stable order', async () => {
    const lines = ['姓名,公司,城市'];
    for (let i = 0; i < 1205; i += 1) lines.push(`分页${i},分页测试${i}号公司,分页城`);
    const boundary = 'b0undary';
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${lines.join('\n')}\r\n--${boundary}--\r\n`,
    );
    const imported = await world.app.inject({
      method: 'POST', url: '/api/v1/imports/leads', headers: { ...world.as('admin'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload,
    });
    expect(imported.json().created).toBe(1205);
    const records = csvRecords((await download('admin', `leads?format=csv&city=${encodeURIComponent('分页城')}&sort=name:asc`)).body);
    expect(records).toHaveLength(1205);
    expect(new Set(records.map((r) => r.ID)).size).toBe(1205);
    expect(records[0]).toMatchObject({ 姓名: '分页0', 来源: '导入', 阶段: '新线索', 负责人: '管理员' });
    const names = records.map((r) => r['姓名']!);
    expect(names).toEqual([...names].sort());
    // A rep sees none of the admin's leads.
    expect(csvRecords((await download('repEast1', `leads?format=csv&city=${encodeURIComponent('分页城')}`)).body)).toEqual([]);
  });

  it('exports contacts and activities through their customer and lead scope', async () => {
    const repContacts = csvRecords((await download('repEast1', 'contacts?format=csv')).body);
    expect(repContacts.map((r) => r['姓名'])).toEqual(['王建国']);
    expect(repContacts[0]).toMatchObject({ 所属客户: '上海浦江精密制造', 决策人: '是' });
    expect(csvRecords((await download('repEast2', 'contacts?format=csv')).body)).toEqual([]);
    expect(csvRecords((await download('managerNorth', 'contacts?format=csv')).body).map((r) => r['姓名'])).toEqual(['赵立']);

    const repActivities = csvRecords((await download('repEast1', 'activities?format=csv', 'en')).body);
    expect(repActivities).toHaveLength(1);
    expect(repActivities[0]).toMatchObject({ Kind: 'Visit', Customer: '上海浦江精密制造', 'Duration (min)': '45', 'Logged by': '张伟' });
    expect(csvRecords((await download('managerNorth', 'activities?format=csv', 'en')).body).map((r) => r.Kind)).toEqual(['Call']);
  });

  it("exports the organisation's products with prices as decimal text", async () => {
    const products = csvRecords((await download('repEast1', 'products?format=csv', 'en')).body);
    expect(products).toEqual([expect.objectContaining({ SKU: 'CL-MES-STD', 'List price': '120000.00', 'Floor price': '96000.50', Currency: 'CNY' })]);
  });

  it('refuses a token without crm.export and records every export in the audit log', async () => {
    const prefix = 'noexport';
    const token = `clk_${prefix}_${newSecret()}`;
    await world.database.db.insertInto('api_tokens').values({
      id: newId(), org_id: world.orgId, user_id: world.ids.managerEast, name: 'read only', prefix, token_hash: secretHash(token),
      permissions: JSON.stringify(['crm.read']), created_at: world.clock.now().toISOString(), expires_at: null, last_used_at: null, revoked_at: null,
    }).execute();
    const refused = await world.app.inject({ method: 'GET', url: '/api/v1/exports/customers', headers: { authorization: `Bearer ${token}` } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');

    await download('managerEast', 'customers?format=csv&industry=retail');
    const entry = await world.database.db.selectFrom('audit_log').selectAll()
      .where('org_id', '=', world.orgId).where('action', '=', 'export').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: world.ids.managerEast, entity_type: 'customers' });
    expect(JSON.parse(entry.after!)).toMatchObject({ format: 'csv', filters: { industry: 'retail' } });
  });

  it('exports customers in a shape the import reads back', async () => {
    const exported = await download('repEast1', 'customers?format=xlsx');
    await world.database.db.updateTable('customers').set({ status: 'archived' }).where('owner_id', '=', world.ids.repEast1).execute();
    const boundary = 'r0undtrip';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      exported.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await world.app.inject({
      method: 'POST', url: '/api/v1/imports/customers', headers: { ...world.as('managerEast'), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload,
    });
    expect(res.json()).toMatchObject({ total: 2, created: 2, failed: 0 });
    const back = await world.database.db.selectFrom('customers').selectAll().where('name', '=', '上海浦江精密制造').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(back).toMatchObject({ industry: 'manufacturing', region_id: world.regions.shanghai, owner_id: world.ids.repEast1, credit_currency: 'CNY', phone: '+86 21 6288 0000' });
    expect(Number(back.credit_limit_minor)).toBe(50_000_000);
    expect(JSON.parse(back.tags)).toEqual(['重点客户', '续约']);
  });
});
