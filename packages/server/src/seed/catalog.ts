/** The demo company's price book: software, services and hardware, with a few price policies (B2). */
import { searchText } from '@closeloop/core';
import type { PricePolicyRow, ProductRow } from '../platform/db/schema.js';
import type { SeededRandom } from './random.js';

/** sku, name, category, unit, list price and floor price in whole yuan. */
const priceBook: ReadonlyArray<readonly [string, string, string, string, number, number]> = [
  ['CL-MES-STD', 'MES 标准版（年）', '软件', '套', 120_000, 96_000],
  ['CL-MES-ENT', 'MES 企业版（年）', '软件', '套', 280_000, 224_000],
  ['CL-MES-BOARD', 'MES 车间看板模块', '软件', '套', 36_000, 28_800],
  ['CL-MES-QA', 'MES 质量追溯模块', '软件', '套', 48_000, 38_400],
  ['CL-CRM-PRO', 'CRM 专业版用户许可（年）', '软件', '用户', 1_800, 1_440],
  ['CL-CRM-ENT', 'CRM 企业版用户许可（年）', '软件', '用户', 3_600, 2_880],
  ['CL-CRM-FIELD', 'CRM 移动外勤附加包（年）', '软件', '用户', 600, 480],
  ['CL-BI', '数据分析 BI 套件', '软件', '套', 60_000, 48_000],
  ['SVC-IMPL-STD', '实施服务（远程）', '服务', '人天', 2_500, 2_000],
  ['SVC-IMPL-ONSITE', '实施服务（驻场）', '服务', '人天', 3_500, 2_800],
  ['SVC-DEV', '定制开发', '服务', '人天', 3_000, 2_400],
  ['SVC-TRAIN', '用户培训', '服务', '场', 8_000, 6_000],
  ['SVC-SUPPORT', '年度运维服务', '服务', '年', 20_000, 16_000],
  ['SVC-ERP-K3', 'ERP 对接服务（金蝶 K3 Cloud）', '服务', '项', 50_000, 40_000],
  ['SVC-ERP-U8', 'ERP 对接服务（用友 U8）', '服务', '项', 50_000, 40_000],
  ['HW-GW-100', '工业物联网网关 GW-100', '硬件', '台', 6_800, 5_400],
  ['HW-SCAN-20', '工业扫码枪 SC-20', '硬件', '台', 980, 780],
  ['HW-TAB-10', '三防工业平板 10 寸', '硬件', '台', 4_200, 3_500],
  ['HW-SCREEN-55', '车间看板大屏 55 寸', '硬件', '台', 8_600, 7_000],
  ['HW-RFID-8', 'RFID 读写器 8 通道', '硬件', '台', 3_200, 2_600],
];

const yuan = (amount: number): number => amount * 100;

export function makeProducts(rng: SeededRandom, orgId: string, now: string): ProductRow[] {
  return priceBook.map(([sku, name, category, unit, list, floor]) => ({
    id: rng.idAt(Date.parse(now)),
    org_id: orgId,
    sku,
    name,
    category,
    unit,
    currency: 'CNY',
    list_price_minor: yuan(list),
    floor_price_minor: yuan(floor),
    search_text: searchText([sku, name, category]),
    status: 'active',
    version: 1,
    created_at: now,
    updated_at: now,
  }));
}

/** Discount bands in basis points off list price, from a quantity on (100 bp = 1%). */
export function makePricePolicies(rng: SeededRandom, orgId: string, products: readonly ProductRow[], now: string): PricePolicyRow[] {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const year = now.slice(0, 4);
  const policy = (
    name: string, sku: string, validFrom: string, validTo: string | null, floorYuan: number | null,
    bands: Array<{ minQuantity: number; maxDiscountBp: number }>,
  ): PricePolicyRow => ({
    id: rng.idAt(Date.parse(now)),
    org_id: orgId,
    name,
    product_id: bySku.get(sku)!.id,
    valid_from: validFrom,
    valid_to: validTo,
    floor_price_minor: floorYuan === null ? null : yuan(floorYuan),
    currency: floorYuan === null ? null : 'CNY',
    discount_bands: JSON.stringify(bands),
    search_text: searchText([name]),
    status: 'active',
    version: 1,
    created_at: now,
    updated_at: now,
  });
  return [
    policy(`${year} 华东渠道价 · MES 标准版`, 'CL-MES-STD', `${year}-01-01`, `${year}-12-31`, 90_000, [
      { minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 3, maxDiscountBp: 1000 }, { minQuantity: 10, maxDiscountBp: 1500 },
    ]),
    policy('CRM 专业版批量许可', 'CL-CRM-PRO', `${year}-01-01`, null, null, [
      { minQuantity: 1, maxDiscountBp: 0 }, { minQuantity: 50, maxDiscountBp: 1200 }, { minQuantity: 200, maxDiscountBp: 2000 },
    ]),
    policy('教育行业优惠 · CRM 企业版', 'CL-CRM-ENT', `${year}-03-01`, `${year}-12-31`, 2_600, [
      { minQuantity: 1, maxDiscountBp: 1500 }, { minQuantity: 100, maxDiscountBp: 2500 },
    ]),
    policy('年中硬件促销 · 物联网网关', 'HW-GW-100', `${year}-06-01`, `${year}-08-31`, 5_000, [
      { minQuantity: 10, maxDiscountBp: 800 }, { minQuantity: 50, maxDiscountBp: 1500 },
    ]),
    policy('框架协议价 · 驻场实施', 'SVC-IMPL-ONSITE', `${year}-01-01`, null, 2_600, [
      { minQuantity: 20, maxDiscountBp: 1000 }, { minQuantity: 60, maxDiscountBp: 1800 },
    ]),
  ];
}
