// Paths a user types after `npm run labs --` / `npm run grade --`: npm runs our scripts from the
// project root, but a user means them relative to the folder they typed the command in (npm
// passes it as INIT_CWD).

/** The folder the command was typed in: npm's INIT_CWD, else the working directory. Example: `invocationDir()` → "/home/ana/tsdl-labs/workspace/exercises". */
export function invocationDir(): string {
  return process.env.INIT_CWD || process.cwd();
}
