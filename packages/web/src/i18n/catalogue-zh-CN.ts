/** Every zh-CN text, gathered from the per-feature files; loaded as one chunk, only when zh-CN is in use. */
import { gather } from './gather';

export default gather(import.meta.glob<Record<string, unknown>>('./zh-CN/*.json', { eager: true, import: 'default' }));
