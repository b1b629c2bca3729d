/**
 * Normal forms used to find duplicates (A1): two records with the same normalised phone, email or company
 * name are the same party however they were typed.
 */

/** Mainland numbers lose +86/0086 and separators; others keep their digits with a leading +. */
export function normalisePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let digits = raw.replace(/[^\d+]/g, '');
  const mainland = digits.startsWith('+86') ? digits.slice(3) : digits.startsWith('0086') ? digits.slice(4) : null;
  if (mainland !== null) {
    // "+86 21 6288 0000" is the landline "021 6288 0000"; mobiles (1xx) have no trunk prefix.
    digits = mainland.startsWith('1') || mainland.startsWith('0') ? mainland : `0${mainland}`;
  } else if (digits.startsWith('+')) return digits.length >= 8 ? digits : null;
  digits = digits.replace(/\+/g, '');
  return digits.length >= 5 ? digits : null;
}

/** A phone a person could have meant: mainland mobile, a landline with area code, or international. */
export function isPlausiblePhone(raw: string): boolean {
  const trimmed = raw.trim();
  if (!/^[+\d][\d\s()-]{4,24}$/.test(trimmed)) return false;
  const normal = normalisePhone(trimmed);
  if (!normal) return false;
  if (/^1\d{10}$/.test(normal)) return /^1[3-9]\d{9}$/.test(normal);
  return normal.replace('+', '').length >= 7 && normal.replace('+', '').length <= 15;
}

export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const trimmed = raw.trim().toLowerCase();
  return trimmed.length > 0 ? trimmed : null;
}

// Legal-form suffixes that differ between how a company is typed and what it is.
const companySuffixes = [
  '股份有限公司', '有限责任公司', '有限公司', '集团公司', '集团', '公司',
  'co., ltd.', 'co.,ltd.', 'co. ltd', 'co ltd', 'company limited', 'limited', 'ltd.', 'ltd', 'inc.', 'inc',
  'corporation', 'corp.', 'corp', 'llc', 'gmbh',
];

export function normaliseCompany(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let name = raw.normalize('NFKC').toLowerCase().trim();
  name = name.replace(/[（(][^)）]*[)）]/g, ''); // "(上海)" branch markers
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of companySuffixes) {
      if (name.endsWith(suffix) && name.length > suffix.length) {
        name = name.slice(0, -suffix.length).trim().replace(/[,.\s]+$/, '');
        changed = true;
      }
    }
  }
  name = name.replace(/[\s\p{P}\p{S}]/gu, '');
  return name.length > 0 ? name : null;
}

/** Lower-cased haystack for substring search over names, phones and companies (works on Chinese text). */
export function searchText(parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((p): p is string => !!p)
    .map((p) => p.normalize('NFKC').toLowerCase())
    .join(' ');
}
