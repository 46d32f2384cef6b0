/**
 * Reads the messages nodemailer writes (for assertions only): unfolded headers, RFC 2047 words,
 * and the text/plain and text/html parts of a multipart/alternative body, quoted-printable or
 * base64. Not a general MIME parser.
 */
export interface ReadMessage {
  headers: Map<string, string[]>;
  subject: string;
  from: string;
  text: string;
  html: string;
}

function bytesOfQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : bytesOfQuotedPrintable(data.replace(/_/g, ' '))).toString('utf8'));
}

function split(raw: string): { headers: Map<string, string[]>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { headers, body: raw.slice(at + 4) };
}

function decodeBody(headers: Map<string, string[]>, body: string): string {
  const encoding = headers.get('content-transfer-encoding')?.[0]?.toLowerCase();
  if (encoding === 'quoted-printable') return bytesOfQuotedPrintable(body).toString('utf8');
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  return body;
}

export function readMessage(raw: string): ReadMessage {
  const { headers, body } = split(raw);
  const type = headers.get('content-type')?.[0] ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map((part) => split(part.replace(/^\r\n/, ''))) : [{ headers, body }];
  const partOf = (mime: string) => parts.find((p) => p.headers.get('content-type')?.[0]?.startsWith(mime));
  const decoded = (mime: string) => {
    const part = partOf(mime);
    return part ? decodeBody(part.headers, part.body).replace(/\r\n/g, '\n') : '';
  };
  return { headers, subject: decodeWords(headers.get('subject')?.[0] ?? ''), from: decodeWords(headers.get('from')?.[0] ?? ''), text: decoded('text/plain'), html: decoded('text/html') };
}
