// Converts OpenAI content (a string or parts) into Anthropic content blocks: text, image, document.
// Spec: reference/openai-mapping.md, row "role user". Unsupported parts are a 400, never dropped.
import type {
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
} from '../protocol/anthropic-types.js';
import { invalidField, isRecord, optionalString, requiredRecord, requiredString } from './request-fields.js';

type CacheControl = NonNullable<AnthropicTextBlock['cache_control']>;
export type UserBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

/** Image types Anthropic accepts (https://docs.anthropic.com/en/docs/build-with-claude/vision). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A part's cache hint as Anthropic `cache_control`: OpenAI's `prompt_cache_breakpoint` marks the end
 * of a reusable prefix, which is exactly what an ephemeral breakpoint does; `cache_control` itself
 * (sent by clients that already speak to Claude through OpenAI-style routers) is kept.
 */
function cacheControlOf(part: Record<string, unknown>, param: string): CacheControl | undefined {
  const cc = part['cache_control'];
  if (cc !== undefined && cc !== null) {
    if (!isRecord(cc) || cc['type'] !== 'ephemeral') {
      throw invalidField(`${param}.cache_control`, `'${param}.cache_control' must be {"type":"ephemeral"}`);
    }
    const ttl = cc['ttl'];
    if (ttl === '5m' || ttl === '1h') return { type: 'ephemeral', ttl };
    if (ttl !== undefined) throw invalidField(`${param}.cache_control.ttl`, "cache_control.ttl must be '5m' or '1h'");
    return { type: 'ephemeral' };
  }
  return part['prompt_cache_breakpoint'] != null ? { type: 'ephemeral' } : undefined;
}

/** Adds the part's cache hint to a block (Anthropic accepts `cache_control` on every block type). */
function withCache<T extends UserBlock>(block: T, part: Record<string, unknown>, param: string): T {
  const cc = cacheControlOf(part, param);
  return cc === undefined ? block : { ...block, cache_control: cc };
}

/** Splits `data:<media type>[;…];base64,<data>` without scanning the (large) payload. */
export function parseDataUrl(url: string, param: string): { mediaType: string; data: string } {
  const comma = url.indexOf(',');
  const header = comma < 0 ? '' : url.slice(5, comma).toLowerCase();
  const params = header.split(';');
  if (comma < 0 || !params.includes('base64')) {
    throw invalidField(param, `'${param}' must be a base64 data URL (data:<type>;base64,<data>)`);
  }
  return { mediaType: params[0] ?? '', data: url.slice(comma + 1) };
}

function imageBlock(part: Record<string, unknown>, param: string, warnings: string[]): AnthropicImageBlock {
  const raw = part['image_url'];
  const spec = typeof raw === 'string' ? { url: raw } : requiredRecord(raw, `${param}.image_url`);
  const url = requiredString(spec['url'], `${param}.image_url.url`);
  const detail = optionalString(spec['detail'], `${param}.image_url.detail`);
  if (detail !== undefined && detail !== 'auto') warnings.push('image_url.detail has no Anthropic equivalent and was ignored');
  return imageFromUrl(url, `${param}.image_url.url`, 'image_url.url');
}

/**
 * An image block for an http(s) URL or a base64 data URL (also used by the Responses endpoint);
 * `label` is how error messages name the field.
 */
export function imageFromUrl(url: string, param: string, label: string): AnthropicImageBlock {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  if (url.slice(0, 5).toLowerCase() !== 'data:') {
    throw invalidField(param, `${label} must be an http(s) URL or a base64 data URL`);
  }
  const { mediaType, data } = parseDataUrl(url, param);
  // `image/jpg` is a common misspelling of the registered `image/jpeg`; Anthropic only knows the latter.
  const media = mediaType === 'image/jpg' ? 'image/jpeg' : mediaType;
  if (!IMAGE_TYPES.has(media)) {
    throw invalidField(param, `image type '${mediaType}' is not supported (use jpeg, png, gif or webp)`);
  }
  return { type: 'image', source: { type: 'base64', media_type: media, data } };
}

function documentBlock(part: Record<string, unknown>, param: string): AnthropicDocumentBlock {
  const file = requiredRecord(part['file'], `${param}.file`);
  if (file['file_id'] != null) {
    throw invalidField(`${param}.file.file_id`, 'file_id is not supported: send the file inline as file.file_data');
  }
  const fileData = requiredString(file['file_data'], `${param}.file.file_data`);
  const block = pdfFromDataUrl(fileData, `${param}.file.file_data`, 'file.file_data');
  const title = optionalString(file['filename'], `${param}.file.filename`);
  if (title !== undefined && title !== '') block.title = title;
  return block;
}

/** A PDF document block from a base64 data URL (also used by the Responses endpoint). */
export function pdfFromDataUrl(fileData: string, param: string, label: string): AnthropicDocumentBlock {
  if (fileData.slice(0, 5).toLowerCase() !== 'data:') {
    throw invalidField(param, `${label} must be a data URL such as 'data:application/pdf;base64,…'`);
  }
  const { mediaType, data } = parseDataUrl(fileData, param);
  if (mediaType !== 'application/pdf') {
    throw invalidField(param, `file type '${mediaType}' is not supported (only application/pdf)`);
  }
  return { type: 'document', source: { type: 'base64', media_type: mediaType, data } };
}

/** A text block, or nothing for empty text (Anthropic rejects empty text blocks; they carry nothing). */
export function textBlocks(text: string): AnthropicTextBlock[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

/** One `text` part (also used for system, assistant and tool content). */
export function textPartBlocks(part: Record<string, unknown>, param: string): AnthropicTextBlock[] {
  const text = requiredString(part['text'], `${param}.text`);
  return textBlocks(text).map((b) => withCache(b, part, param));
}

/** Converts one user content part. */
function userPartBlocks(part: unknown, param: string, warnings: string[]): UserBlock[] {
  if (!isRecord(part)) throw invalidField(param, `'${param}' must be an object`);
  const type = part['type'];
  switch (type) {
    case 'text':
      return textPartBlocks(part, param);
    case 'image_url':
      return [withCache(imageBlock(part, param, warnings), part, param)];
    case 'file':
      return [withCache(documentBlock(part, param), part, param)];
    case 'input_audio':
      throw invalidField(param, 'Audio input (input_audio) is not supported by Claude');
    default:
      throw invalidField(`${param}.type`, `content part type '${String(type)}' is not supported`);
  }
}

/** User message content: a string or an array of parts. */
export function convertUserContent(content: unknown, param: string, warnings: string[]): UserBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  if (!Array.isArray(content)) throw invalidField(param, `'${param}' must be a string or an array of content parts`);
  return content.flatMap((part, j) => userPartBlocks(part, `${param}[${j}]`, warnings));
}

/** Content that may only hold text (system, developer, tool): a string or `text` parts. */
export function convertTextContent(content: unknown, param: string): AnthropicTextBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  if (!Array.isArray(content)) throw invalidField(param, `'${param}' must be a string or an array of text parts`);
  return content.flatMap((part, j) => {
    const p = `${param}[${j}]`;
    if (!isRecord(part) || part['type'] !== 'text') throw invalidField(p, `'${p}' must be a text part`);
    return textPartBlocks(part, p);
  });
}
