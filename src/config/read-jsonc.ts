// Reads a JSON file that may carry // and /* */ comments and trailing commas (CCGate's examples do).
import { readFileSync } from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Position-aware problem found in one config file. */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Parses JSONC text; syntax errors come back as problems with line and column, never the text. */
export function parseJsonc(file: string, text: string): { value: unknown; problems: ConfigProblem[] } {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((e) => ({
    file,
    path: '(syntax)',
    message: `${printParseErrorCode(e.error)} at ${lineCol(text, e.offset)}`,
  }));
  return { value, problems };
}

/** Reads and parses a JSONC file. */
export function readJsonc(file: string): { value: unknown; problems: ConfigProblem[]; text: string } {
  const text = readFileSync(file, 'utf8');
  return { ...parseJsonc(file, text), text };
}
