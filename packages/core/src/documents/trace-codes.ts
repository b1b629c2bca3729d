/**
 * Human-readable trace codes (B1): `HT-2026-000123` is the 123rd contract a company created in 2026. The number
 * comes from a per-company, per-type, per-year counter incremented in the creating transaction, so codes are unique
 * and gap-free within a year; the prefix is the company's choice per document type.
 */
import type { DocumentType } from './states.js';

export const defaultTracePrefixes: Record<DocumentType, string> = { contract: 'HT', purchase_order: 'DD', receipt: 'HK', shipment: 'FH' };

/** Prefixes are short upper-case codes so a trace code reads the same on paper, on the phone and in a bank memo. */
export const tracePrefixPattern = /^[A-Z][A-Z0-9]{0,5}$/;

export function formatTraceCode(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

const codePattern = /^([A-Z][A-Z0-9]{0,5})-(\d{4})-(\d{6,})$/;

/** The parts of a trace code, or null if `text` is not one (search accepts codes typed in lower case). */
export function parseTraceCode(text: string): { prefix: string; year: number; sequence: number } | null {
  const match = codePattern.exec(text.trim().toUpperCase());
  if (!match) return null;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}
