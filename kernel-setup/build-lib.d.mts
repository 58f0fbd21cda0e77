export type BuildStep = [what: string, command: string, args: string[]];
export declare function inputsHash(root?: string, inputs?: string[]): string;
export declare function stampFile(root?: string): string;
export declare function ensureBuilt(options?: {
  root?: string;
  force?: boolean;
  steps?: BuildStep[];
  inputs?: string[];
  log?: (line: string) => void;
}): { built: boolean; seconds: number };
