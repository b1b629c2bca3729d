/** Every en text, gathered from the per-feature files; loaded as one chunk, only when en is in use. */
import { gather } from './gather';

export default gather(import.meta.glob<Record<string, unknown>>('./en/*.json', { eager: true, import: 'default' }));
