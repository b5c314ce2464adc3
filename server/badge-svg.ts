import { escapeHtml } from '../core/html-escape.ts';

export type BadgeColour = 'green' | 'red' | 'orange' | 'grey';

const FILL: Record<BadgeColour, string> = { green: '#2e7d32', red: '#c62828', orange: '#b26a00', grey: '#616161' };

/** Approximate text width in px at 11px Verdana (badges need no exact metrics). */
const width = (text: string) => Math.round(text.length * 6.6) + 12;

/** A flat two-part SVG badge (`label | message`); both texts are escaped. */
export function badgeSvg(label: string, message: string, colour: BadgeColour): string {
  const lw = width(label);
  const mw = width(message);
  const l = escapeHtml(label);
  const m = escapeHtml(message);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + mw}" height="20" role="img" aria-label="${l}: ${m}">
<title>${l}: ${m}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${FILL[colour]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${l}</text><text x="${lw + mw / 2}" y="14">${m}</text>
</g>
</svg>
`;
}
