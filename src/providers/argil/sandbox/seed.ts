/**
 * Seeded Argil objects the first sandbox data did not have: the subtitle
 * styles of GET /subtitles (SubtitleStyle: id and name). Made from the
 * tenant's generator after everything else, so the older data keeps its
 * values.
 */
import type { Random } from '../../../sandbox/random.js';

export interface SandboxArgilSubtitleStyle {
  id: string;
  name: string;
}

const LOOKS = ['Classic', 'Bold', 'Karaoke', 'Minimal', 'Neon', 'Boxed', 'Outline', 'Shadow'];

/** 23 styles: more than two of GET /subtitles' default pages (10). */
export function argilSubtitleStylesFor(random: Random): SandboxArgilSubtitleStyle[] {
  return Array.from({ length: 23 }, (_, i) => ({
    id: random.uuid(),
    name: `${LOOKS[i % LOOKS.length]} ${Math.floor(i / LOOKS.length) + 1}`,
  }));
}
