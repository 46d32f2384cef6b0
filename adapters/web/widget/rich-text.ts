/**
 * Message text to DOM nodes: plain text nodes only (never innerHTML), with http(s) URLs turned
 * into links that open in a new tab without access to this page.
 */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

export function renderText(text: string, doc: Document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index ?? 0;
    fragment.append(doc.createTextNode(text.slice(last, start)), link(url, doc));
    last = start + url.length;
  }
  fragment.append(doc.createTextNode(text.slice(last)));
  return fragment;
}

function link(url: string, doc: Document): Node {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return doc.createTextNode(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return doc.createTextNode(url);
  const a = doc.createElement('a');
  a.href = parsed.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer nofollow';
  a.textContent = url;
  return a;
}
