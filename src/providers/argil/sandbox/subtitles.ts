/**
 * The sandbox's subtitles, from argil-openapi.reconstructed.yaml: GET
 * /subtitles (page from 1, pageSize 1 to 100, default 10; the envelope
 * {items, totalItems, totalPages, currentPage, itemsPerPage}) and GET
 * /subtitles/videos/{videoProjectId}/export (a UUID; `format` vtt or ass,
 * default vtt; `includeStyling` true or false, default false): the file
 * itself as text/vtt or text/x-ass, one cue of three seconds per moment
 * with a transcript, 404 for a video the tenant does not have.
 */
import type { TenantData } from '../../../sandbox/data.js';
import type { SandboxArgilVideo } from './data.js';
import type { Reply } from '../../../sandbox/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CUE_SECONDS = 3;

const error = (status: number, message: string): Reply => ({ status, body: { code: status, message } });

function integer(raw: string | null, fallback: number, max: number): number | undefined {
  if (raw === null) return fallback;
  return /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max ? Number(raw) : undefined;
}

/** Seconds as VTT (00:00:03.000) or ASS (0:00:03.00) writes them. */
function clock(seconds: number, ass: boolean): string {
  const h = Math.floor(seconds / 3600);
  const m = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const s = String(seconds % 60).padStart(2, '0');
  return ass ? `${h}:${m}:${s}.00` : `${String(h).padStart(2, '0')}:${m}:${s}.000`;
}

function subtitleFile(video: SandboxArgilVideo, format: 'vtt' | 'ass', styled: boolean): string {
  const lines = video.moments
    .map((moment) => moment.transcript)
    .filter((line): line is string => typeof line === 'string');
  const cue = (i: number) => [clock(i * CUE_SECONDS, format === 'ass'), clock((i + 1) * CUE_SECONDS, format === 'ass')];
  if (format === 'vtt') {
    const style = styled ? ['STYLE', '::cue { color: #ffffff; background-color: rgba(0, 0, 0, 0.6); }', ''] : [];
    const cues = lines.flatMap((line, i) => [String(i + 1), cue(i).join(' --> '), line, '']);
    return ['WEBVTT', '', ...style, ...cues].join('\n');
  }
  const style = styled
    ? [
        '[V4+ Styles]',
        'Format: Name, Fontname, Fontsize, PrimaryColour, Bold, Alignment',
        'Style: Default,Arial,64,&H00FFFFFF,-1,2',
        '',
      ]
    : [];
  const events = lines.map((line, i) => `Dialogue: 0,${cue(i).join(',')},Default,${line.replace(/\r?\n/g, '\\N')}`);
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    '',
    ...style,
    '[Events]',
    'Format: Layer, Start, End, Style, Text',
    ...events,
    '',
  ].join('\n');
}

export function routeSubtitles(
  request: { method: string; path: string; query: URLSearchParams },
  data: TenantData,
): Reply | undefined {
  const { method, path, query } = request;
  if (path === '/v1/subtitles' && method === 'GET') {
    const page = integer(query.get('page'), 1, Number.MAX_SAFE_INTEGER);
    const pageSize = integer(query.get('pageSize'), 10, 100);
    if (page === undefined || pageSize === undefined) {
      return error(400, 'page must be an integer >= 1, pageSize from 1 to 100');
    }
    const all = data.argilSubtitleStyles;
    return {
      status: 200,
      body: {
        items: all.slice((page - 1) * pageSize, page * pageSize),
        totalItems: all.length,
        totalPages: Math.ceil(all.length / pageSize),
        currentPage: page,
        itemsPerPage: pageSize,
      },
    };
  }
  const exported = /^\/v1\/subtitles\/videos\/([^/]+)\/export$/.exec(path);
  if (!exported || method !== 'GET') return undefined;
  const format = query.get('format') ?? 'vtt';
  const styling = query.get('includeStyling') ?? 'false';
  if (!UUID.test(exported[1]!)) return error(400, 'videoProjectId must be a UUID');
  if (format !== 'vtt' && format !== 'ass') return error(400, 'format must be vtt or ass');
  if (styling !== 'true' && styling !== 'false') return error(400, 'includeStyling must be true or false');
  const video = data.argilVideos.find((candidate) => candidate.id === exported[1]!.toLowerCase());
  if (!video) return error(404, 'Video project not found');
  return {
    status: 200,
    body: Buffer.from(subtitleFile(video, format, styling === 'true'), 'utf8'),
    headers: {
      'content-type': format === 'vtt' ? 'text/vtt; charset=utf-8' : 'text/x-ass; charset=utf-8',
      'content-disposition': `attachment; filename="${video.id}.${format}"`,
    },
  };
}
