// The message text pipeline of spec D.0.3: what is stored on send, and what `text` reads back.
import { phpTrim } from './php.js';

const MESSAGE_LIMIT = 20000;
// The portal cuts only when the text is longer than the limit plus the marker it appends.
const CUT_MARKER = ' (...)';

/** Stored form of a message (after the REST layer's trim and the app-name prefix). */
export function storeText(message: string): string {
  let text = phpTrim(message.replace(/\[BR\]|#BR#/gi, '\n'));
  if (text.length > MESSAGE_LIMIT + CUT_MARKER.length) text = text.slice(0, MESSAGE_LIMIT) + CUT_MARKER;
  return htmlToBbCode(text);
}

/**
 * The `text` field of get/search: BB codes verbatim, entities decoded, bare URLs wrapped as
 * BB links. Rendering of BB codes is off in the portal's output parser, so nothing else changes.
 */
export function outputText(stored: string): string {
  return wrapBareUrls(decodeEntities(htmlToBbCode(stored)));
}

function htmlToBbCode(text: string): string {
  return text
    .replace(/<(\/?)(b|u|s|i)>/gi, (_m, close: string, tag: string) => `[${close}${tag.toLowerCase()}]`)
    .replace(/<br\s*\/?>/gi, '[br]')
    .replace(/<a\s+[^>]*href\s*=\s*["']([^"']*)["'][^>]*>(.*?)<\/a>/gi, '[url=$1]$2[/url]')
    .replace(/<(?:font|span)\s+[^>]*color\s*[=:]\s*["']?(#?[0-9a-zA-Z]+)["']?[^>]*>(.*?)<\/(?:font|span)>/gi, '[color=$1]$2[/color]')
    .replace(/<\/?(?:div|span|font)[^>]*>/gi, '')
    .replace(/&nbsp;/g, ' ');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39|apos|#\d+|#x[0-9a-f]+);/gi, (match, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known) return known;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

// Bare links outside existing [URL] tags; `www.` links get an http:// target.
const BARE_URL = /\[url[^\]]*\][\s\S]*?\[\/url\]|(?<![=\]"'\w/])((?:https?:\/\/|www\.)[^\s\[\]<>"']+)/gi;

function wrapBareUrls(text: string): string {
  return text.replace(BARE_URL, (match: string, url: string | undefined) => {
    if (!url) return match;
    return url.toLowerCase().startsWith('www.') ? `[URL=http://${url}]${url}[/URL]` : `[URL]${url}[/URL]`;
  });
}
