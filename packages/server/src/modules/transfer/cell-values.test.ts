import { describe, expect, it } from 'vitest';
import { parseCurrency, parseMoneyText, splitTags } from './cell-values.js';
import { parseWallTime, formatWallTime } from './zoned-time.js';
import { decodeText, cellText } from './sheet-reader.js';
import { guardFormula, unguardFormula } from './sheet-writer.js';
import { codeOf, labelOf } from './vocabulary.js';

describe('spreadsheet cell values', () => {
  it('reads amounts with Chinese magnitudes exactly, without floats', () => {
    expect(parseMoneyText('500000', 'CNY')).toBe(50_000_000);
    expect(parseMoneyText('500,000.50', 'CNY')).toBe(50_000_050);
    expect(parseMoneyText('50万', 'CNY')).toBe(50_000_000);
    expect(parseMoneyText('¥1.5万元', 'CNY')).toBe(1_500_000);
    expect(parseMoneyText('0.123456万', 'CNY')).toBe(123_456);
    expect(parseMoneyText('2亿', 'CNY')).toBe(20_000_000_000);
    expect(parseMoneyText('12万', 'JPY')).toBe(120_000);
  });

  it('refuses amounts that are not numbers or carry more precision than the currency', () => {
    expect(parseMoneyText('abc', 'CNY')).toBeNull();
    expect(parseMoneyText('1.001', 'CNY')).toBeNull();
    expect(parseMoneyText('0.0000001万', 'CNY')).toBeNull();
    expect(parseMoneyText('万', 'CNY')).toBeNull();
  });

  it('reads currencies by code, symbol or Chinese name', () => {
    expect(parseCurrency('人民币')).toBe('CNY');
    expect(parseCurrency('usd')).toBe('USD');
    expect(parseCurrency('港币')).toBe('HKD');
    expect(parseCurrency('XYZ')).toBeNull();
  });

  it('splits tags on every separator people type and drops repeats', () => {
    expect(splitTags('重点客户，续约;VIP、 重点客户 ；华东')).toEqual(['重点客户', '续约', 'VIP', '华东']);
  });

  it('maps codes, English and Chinese labels to the same code', () => {
    expect(codeOf('industry', '制造业')).toBe('manufacturing');
    expect(codeOf('industry', 'Manufacturing')).toBe('manufacturing');
    expect(codeOf('source', 'Cold-Call')).toBe('cold_call');
    expect(codeOf('industry', '餐饮')).toBeNull();
    expect(labelOf('stage', 'won', 'zh-CN')).toBe('赢单');
  });
});

describe('company wall-clock time', () => {
  it('reads local times in the company zone and ISO instants as they are', () => {
    expect(parseWallTime('2026-11-02 09:30', 'Asia/Shanghai')).toBe('2026-11-02T01:30:00.000Z');
    expect(parseWallTime('2026/11/2', 'Asia/Shanghai')).toBe('2026-11-01T16:00:00.000Z');
    expect(parseWallTime('2026年11月2日', 'Asia/Shanghai')).toBe('2026-11-01T16:00:00.000Z');
    expect(parseWallTime('2026-11-02T09:30:00+08:00', 'Europe/Berlin')).toBe('2026-11-02T01:30:00.000Z');
    expect(parseWallTime('2026-02-30', 'Asia/Shanghai')).toBeNull();
    expect(parseWallTime('next tuesday', 'Asia/Shanghai')).toBeNull();
  });

  it('settles the offset across a daylight-saving change', () => {
    expect(parseWallTime('2026-03-29 12:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
    expect(parseWallTime('2026-03-28 12:00', 'Europe/Berlin')).toBe('2026-03-28T11:00:00.000Z');
    expect(formatWallTime('2026-11-02T01:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-02 09:30:00');
  });
});

describe('reading and writing files', () => {
  it('decodes UTF-8 with or without BOM and falls back to GB18030', () => {
    expect(decodeText(Buffer.from('\uFEFF客户名称', 'utf8'))).toBe('客户名称');
    expect(decodeText(Buffer.from('客户名称', 'utf8'))).toBe('客户名称');
    expect(decodeText(Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0xc3, 0xfb, 0xb3, 0xc6]))).toBe('客户名称');
  });

  it('turns XLSX cells into the text a person sees', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(new Date(Date.UTC(2026, 10, 2, 9, 30)))).toBe('2026-11-02 09:30:00');
    expect(cellText(new Date(Date.UTC(2026, 10, 2)))).toBe('2026-11-02');
    expect(cellText({ richText: [{ text: '50' }, { text: '万' }] })).toBe('50万');
    expect(cellText({ formula: 'A1*2', result: 42 })).toBe('42');
    expect(cellText({ text: 'a@b.cn', hyperlink: 'mailto:a@b.cn' })).toBe('a@b.cn');
  });

  it('defuses formulas in CSV cells and restores them on import', () => {
    expect(guardFormula('=HYPERLINK("http://evil")')).toBe('\'=HYPERLINK("http://evil")');
    expect(guardFormula('+86 21 6288 0000')).toBe("'+86 21 6288 0000");
    expect(guardFormula('上海')).toBe('上海');
    expect(unguardFormula(guardFormula('+86 21 6288 0000'))).toBe('+86 21 6288 0000');
    expect(unguardFormula("'plain")).toBe("'plain");
  });
});
