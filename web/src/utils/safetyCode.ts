// The safety code (安心码) on the client: what each colour tells the customer at the door, the QR
// code as an image, and the date of the answer in words. The server decides the colour.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { SafetyColourName } from '@/api/types';
import { COLOUR_HEX } from './workforce';

export interface ColourView {
  colour: SafetyColourName;
  /** Message key of the badge (绿码 / 黄码 / 红码). */
  label: string;
  /** Message key of the verdict under the badge (可以放心 …). */
  verdict: string;
  /** Message key of the longer explanation. */
  hint: string;
  /** CSS class of the badge. */
  className: string;
  hex: string;
  /** Whether the customer should let the worker in. */
  cleared: boolean;
}

/** How the public page shows a colour; an unknown value is shown as red (never as cleared). */
export function colourView(colour: string | null | undefined): ColourView {
  const c: SafetyColourName = colour === 'green' || colour === 'yellow' ? colour : 'red';
  return {
    colour: c,
    label: `workforce.colour.${c}`,
    verdict: `workforce.publicCode.verdict.${c}`,
    hint: `workforce.publicCode.hint.${c}`,
    className: `badge-${c}`,
    hex: COLOUR_HEX[c],
    cleared: c !== 'red',
  };
}

/** An SVG document as a data: URL for an <img> (no markup of the server's put into the page). */
export function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The answer's date (YYYY-MM-DD) in words: 2026年5月10日 星期日 / Sunday, 10 May 2026. */
export function codeDate(date: string, locale: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !dayjs(date).isValid()) return date;
  const d = dayjs(date);
  const zh = locale.startsWith('zh');
  return d.locale(zh ? 'zh-cn' : 'en').format(zh ? 'YYYY年M月D日 dddd' : 'dddd, D MMMM YYYY');
}
