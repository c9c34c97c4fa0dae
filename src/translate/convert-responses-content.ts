// Converts Responses API content (a string or typed parts) into Anthropic content blocks.
// Which parts a role may carry follows OpenAI's spec; anything unsupported is a 400 naming it.
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock } from '../protocol/anthropic-types.js';
import { imageFromUrl, pdfFromDataUrl, textBlocks, type UserBlock } from './convert-openai-content.js';
import { invalidField, isRecord, optionalString, requiredString } from './request-fields.js';

/** Whose content it is: decides which part types are allowed. */
export type ContentOwner = 'user' | 'assistant' | 'system';

function imageBlock(part: Record<string, unknown>, param: string, warnings: string[]): AnthropicImageBlock {
  if (part['file_id'] != null) throw invalidField(`${param}.file_id`, 'input_image.file_id is not supported: send image_url (an http(s) or data URL)');
  const url = requiredString(part['image_url'], `${param}.image_url`);
  const detail = optionalString(part['detail'], `${param}.detail`);
  if (detail !== undefined && detail !== 'auto') warnings.push('input_image.detail has no Anthropic equivalent and was ignored');
  return imageFromUrl(url, `${param}.image_url`, 'input_image.image_url');
}

function fileBlock(part: Record<string, unknown>, param: string): AnthropicDocumentBlock {
  if (part['file_id'] != null) throw invalidField(`${param}.file_id`, 'input_file.file_id is not supported: send the file inline as file_data');
  const fileUrl = optionalString(part['file_url'], `${param}.file_url`);
  let block: AnthropicDocumentBlock;
  if (fileUrl !== undefined) {
    if (!/^https?:\/\//i.test(fileUrl)) throw invalidField(`${param}.file_url`, 'input_file.file_url must be an http(s) URL');
    block = { type: 'document', source: { type: 'url', url: fileUrl } };
  } else {
    block = pdfFromDataUrl(requiredString(part['file_data'], `${param}.file_data`), `${param}.file_data`, 'input_file.file_data');
  }
  const title = optionalString(part['filename'], `${param}.filename`);
  if (title !== undefined && title !== '') block.title = title;
  return block;
}

function notAllowed(type: string, owner: ContentOwner, param: string): never {
  throw invalidField(`${param}.type`, `content part type '${type}' is not allowed in ${owner} content`);
}

/** One part. Text of any kind is text; a refusal the model gave earlier is still what it said. */
function partBlocks(part: unknown, param: string, owner: ContentOwner, warnings: string[]): UserBlock[] {
  if (!isRecord(part)) throw invalidField(param, `'${param}' must be an object`);
  const type = part['type'];
  switch (type) {
    case 'input_text':
    case 'output_text':
      return textBlocks(requiredString(part['text'], `${param}.text`));
    case 'refusal':
      return owner === 'assistant' ? textBlocks(requiredString(part['refusal'], `${param}.refusal`)) : notAllowed(type, owner, param);
    case 'input_image':
      return owner === 'user' ? [imageBlock(part, param, warnings)] : notAllowed(type, owner, param);
    case 'input_file':
      return owner === 'user' ? [fileBlock(part, param)] : notAllowed(type, owner, param);
    case 'input_audio':
      throw invalidField(param, 'Audio input (input_audio) is not supported by Claude');
    default:
      throw invalidField(`${param}.type`, `content part type '${String(type)}' is not supported`);
  }
}

/** Content of a message or of a function call's output: a string or an array of parts. */
export function convertResponsesContent(content: unknown, param: string, owner: ContentOwner, warnings: string[]): UserBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  if (!Array.isArray(content)) throw invalidField(param, `'${param}' must be a string or an array of content parts`);
  return content.flatMap((part, j) => partBlocks(part, `${param}[${j}]`, owner, warnings));
}

/** System or developer content: text only. */
export function convertResponsesText(content: unknown, param: string, warnings: string[]): AnthropicTextBlock[] {
  // Safe: partBlocks refuses every non-text part for the 'system' owner.
  return convertResponsesContent(content, param, 'system', warnings) as AnthropicTextBlock[];
}
