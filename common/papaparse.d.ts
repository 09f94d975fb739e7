/**
 * The part of Papa Parse that the pure layers use, typed here on purpose: @types/papaparse
 * carries `/// <reference types="node" />`, which would quietly put Node's globals (process,
 * Buffer, ...) into the pure type-check (tsconfig.core.json) and hide layer mistakes.
 * Import it as 'papaparse/papaparse.js' (the same library file; bundlers and Node accept it).
 */
declare module 'papaparse/papaparse.js' {
  interface PapaError {
    type: string;
    code: string;
    message: string;
    row?: number;
    index?: number;
  }
  interface PapaStepResult {
    data: string[];
    errors: PapaError[];
    meta: { cursor: number; aborted: boolean; linebreak: string; delimiter: string };
  }
  interface PapaParseConfig {
    delimiter?: string;
    newline?: string;
    quoteChar?: string;
    header?: false;
    dynamicTyping?: false;
    skipEmptyLines?: false;
    step?: (result: PapaStepResult) => void;
  }
  interface PapaParseResult {
    data: string[][];
    errors: PapaError[];
  }
  interface PapaUnparseConfig {
    delimiter?: string;
    newline?: string;
    quotes?: boolean;
    quoteChar?: string;
    escapeFormulae?: boolean;
    header?: boolean;
  }
  interface Papa {
    parse(text: string, config?: PapaParseConfig): PapaParseResult;
    unparse(data: { fields: string[]; data: (string | number)[][] } | (string | number)[][], config?: PapaUnparseConfig): string;
  }
  const papa: Papa;
  export default papa;
}
