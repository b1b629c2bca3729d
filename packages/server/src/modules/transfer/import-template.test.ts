import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

async function sheetsOf(payload: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ExcelJS.Buffer);
  return workbook;
}
const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

/** A multipart body with one file, as a browser sends it. */
function form(name: string, content: Buffer) {
  const boundary = '----closeloop-template-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(dialects)('import templates on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect);
  });
  afterAll(() => world.close());

  const template = (person: Person, kind: 'customers' | 'leads', format: 'xlsx' | 'csv', lang = 'zh-CN') =>
    world.app.inject({ method: 'GET', url: `/api/v1/imports/${kind}/template?format=${format}`, headers: { ...world.as(person), 'accept-language': lang } });

  it('gives an XLSX with a column per field in the reader\'s language, required ones starred, and a sheet saying what each takes', async () => {
    const res = await template('managerEast', 'customers', 'xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers-import-template.xlsx"');
    const workbook = await sheetsOf(res.rawPayload);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['客户', '填写说明']);
    const [headers, ...data] = rowsOf(workbook.worksheets[0]!);
    expect(headers).toEqual(['*客户名称', '*行业', '区域', '城市', '地址', '企业规模', '预算区间', '决策链', '信用额度', '币种', '电话', '邮箱', '标签', '负责人邮箱']);
    expect(data).toEqual([]);
    const guide = rowsOf(workbook.worksheets[1]!);
    expect(guide[0]).toEqual(['列', '必填', '填写要求']);
    expect(guide.find((r) => r[0] === '*行业')).toEqual(['*行业', '是', expect.stringMatching(/^可选值：制造业、教育、零售.*其他$/)]);
    expect(guide.find((r) => r[0] === '信用额度')).toEqual(['信用额度', '', expect.stringContaining('50万')]);
  });

  it('gives a CSV header in English for an English reader', async () => {
    const res = await template('ops', 'leads', 'csv', 'en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.body).toBe('\uFEFF*Contact name,Company,Phone,Email,Source,Stage,Industry,Region,City,Tags,First contact,Owner email\n');
  });

  it('imports a filled-in template as it is, in either language', async () => {
    for (const [kind, lang, row] of [
      ['leads', 'zh-CN', ['周婷', '绍兴纺织', '13922220002', '', '展会', '已联系']],
      ['customers', 'en', ['Ningbo Haida Precision', 'Manufacturing']],
    ] as const) {
      const workbook = await sheetsOf((await template('managerEast', kind, 'xlsx', lang)).rawPayload);
      workbook.worksheets[0]!.addRow([...row]);
      const upload = form('filled.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
      const res = await world.app.inject({
        method: 'POST', url: `/api/v1/imports/${kind}`, headers: { ...world.as('managerEast'), 'content-type': upload.contentType }, payload: upload.payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), kind).toMatchObject({ total: 1, created: 1, failed: 0 });
    }
    const lead = await world.database.db.selectFrom('leads').selectAll().where('name', '=', '周婷').executeTakeFirstOrThrow();
    expect(lead).toMatchObject({ company: '绍兴纺织', source: 'exhibition', stage: 'contacted', owner_id: world.ids.managerEast });
  });

  it('is refused to people who may not import', async () => {
    const res = await template('repEast1', 'leads', 'xlsx');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});
